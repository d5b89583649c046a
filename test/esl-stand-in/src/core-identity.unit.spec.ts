import { expect } from 'chai';
import { FrameParser, classifyFrame, type EslEvent } from '@sapien/esl-protocol';
import { encodeEventFrame, realisticEvents } from '@sapien/esl-protocol/testing';
import { CoreIdentity } from './core-identity.ts';
import { BASE_HEADERS } from './event-template.ts';

const decode = (parts: readonly Buffer[]): EslEvent => {
  const { frames } = new FrameParser().push(Buffer.concat(parts));
  const message = classifyFrame(frames[0]!);
  if (message.type !== 'event') throw new Error(message.type);
  return message.event;
};

describe('stamping events as one FreeSWITCH run', () => {
  const identity = (): CoreIdentity => new CoreIdentity({ hostname: 'fs1', ipv4: '127.0.0.1', coreUuid: 'core-1' });

  it('writes the same bytes as encodeEventFrame for an event that carries every base header', () => {
    const stamp = identity();
    for (const event of realisticEvents(300, { seed: 5 })) {
      const outgoing = stamp.stamp(event);
      for (const format of ['plain', 'json'] as const) {
        expect(Buffer.concat(outgoing.frame(format)).equals(encodeEventFrame(event, format)), `${format} ${outgoing.name}`).to.equal(true);
      }
    }
  });

  it('fills the missing base headers, first and in FreeSWITCH order', () => {
    const event = decode(identity().stamp({ headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'x::y', 'Unique-ID': 'u1' } }).frame('plain'));
    const names = Object.keys(event.headers);
    expect(names.slice(0, 10)).to.deep.equal(BASE_HEADERS.filter((name) => !name.startsWith('Event-Calling')));
    expect(names.slice(10)).to.deep.equal(['Event-Subclass', 'Unique-ID']);
    expect(event.headers).to.include({ 'Core-UUID': 'core-1', 'FreeSWITCH-Hostname': 'fs1', 'FreeSWITCH-IPv6': '::1' });
    expect(String(event.headers['Event-Date-Timestamp'])).to.match(/^\d{16}$/);
    expect(event.headers['Event-Date-GMT']).to.match(/ GMT$/);
  });

  it('numbers events one by one, keeps a given Event-Sequence and continues after it', () => {
    const stamp = identity();
    expect(stamp.stamp({ headers: { 'Event-Name': 'API' } }).sequence).to.equal(1);
    expect(stamp.stamp({ headers: { 'Event-Name': 'API' } }).sequence).to.equal(2);
    expect(stamp.stamp({ headers: { 'Event-Name': 'API', 'Event-Sequence': '40' } }).sequence).to.equal(40);
    expect(stamp.stamp({ headers: { 'Event-Name': 'API' } }).sequence).to.equal(41);
  });

  it('gives a restart a new Core-UUID and starts the sequence again', () => {
    const stamp = identity();
    stamp.stamp({ headers: { 'Event-Name': 'API' } });
    stamp.restart();
    expect(stamp.coreUuid).to.not.equal('core-1');
    expect(stamp.stamp({ headers: { 'Event-Name': 'API' } }).sequence).to.equal(1);
  });

  it('stamps each send of one event object afresh while encoding its bulk once', () => {
    const stamp = identity();
    const event = realisticEvents(1, { seed: 9 })[0]!;
    const bare = { headers: { ...event.headers } };
    delete bare.headers['Event-Sequence'];
    const [a, b] = [stamp.stamp(bare), stamp.stamp(bare)].map((outgoing) => decode(outgoing.frame('json')));
    expect([a!.headers['Event-Sequence'], b!.headers['Event-Sequence']]).to.deep.equal(['1', '2']);
    expect({ ...a!.headers, 'Event-Sequence': '' }).to.deep.equal({ ...b!.headers, 'Event-Sequence': '' });
  });

  it('refuses an event without Event-Name', () => {
    expect(() => identity().stamp({ headers: { 'Unique-ID': 'u1' } })).to.throw('Event-Name');
  });
});
