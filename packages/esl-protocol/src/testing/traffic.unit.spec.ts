import { expect } from 'chai';
import type { EslEvent } from '../event.ts';
import { FrameParser } from '../frame-parser.ts';
import { classifyFrame } from '../frames.ts';
import { realisticEvents, realisticTraffic } from './traffic.ts';

const names = (events: readonly EslEvent[]) => events.map((event) => event.headers['Event-Name']);

describe('realistic traffic fixtures', () => {
  const events = realisticEvents(400, { coreUuid: 'core-1', hostname: 'fs-a', firstSequence: 1000 });

  it('is the same for the same seed, and different for another', () => {
    expect(realisticEvents(50)).to.deep.equal(realisticEvents(50));
    expect(realisticEvents(50, { seed: 2 })).to.not.deep.equal(realisticEvents(50));
  });

  it('numbers events from firstSequence, one by one, under the given Core-UUID and host', () => {
    expect(events).to.have.length(400);
    events.forEach((event, i) => {
      expect(event.headers['Event-Sequence']).to.equal(String(1000 + i));
      expect(event.headers['Core-UUID']).to.equal('core-1');
      expect(event.headers['FreeSWITCH-Hostname']).to.equal('fs-a');
    });
  });

  it('holds whole calls, heartbeats, background jobs and registrations', () => {
    expect(names(events)).to.include.members([
      'CHANNEL_CREATE',
      'CHANNEL_PROGRESS',
      'CHANNEL_ANSWER',
      'CHANNEL_BRIDGE',
      'CHANNEL_HANGUP',
      'CHANNEL_HANGUP_COMPLETE',
      'HEARTBEAT',
      'BACKGROUND_JOB',
      'CUSTOM',
    ]);
    for (const job of events.filter((event) => event.headers['Event-Name'] === 'BACKGROUND_JOB')) {
      expect(job.body).to.be.a('string').and.not.equal('');
    }
    const custom = events.find((event) => event.headers['Event-Name'] === 'CUSTOM');
    expect(custom?.headers['Event-Subclass']).to.equal('sofia::register');
  });

  it('gives channel events FreeSWITCH\'s 100 to 170 headers, with an array variable after answer', () => {
    const channel = events.filter((event) => String(event.headers['Event-Name']).startsWith('CHANNEL_'));
    for (const event of channel) {
      expect(Object.keys(event.headers).length).to.be.within(100, 170);
      expect(event.headers['Unique-ID']).to.be.a('string');
    }
    const answered = channel.find((event) => event.headers['Event-Name'] === 'CHANNEL_ANSWER');
    expect(answered?.headers['variable_DP_MATCH']).to.be.an('array');
  });

  it('keeps caller names ASCII when asked', () => {
    for (const event of realisticEvents(300, { asciiOnly: true })) {
      for (const value of Object.values(event.headers).flat()) expect(/^[\x20-\x7e\r\n\t]*$/.test(value), value).to.equal(true);
    }
  });

  for (const format of ['plain', 'json', 'mixed'] as const) {
    it(`encodes to ${format} frames that decode back to the events`, () => {
      const wire = realisticTraffic(120, { format, seed: 3 });
      const { frames, error } = new FrameParser().push(wire);
      expect(error).to.equal(undefined);
      const decoded = frames.map((frame) => {
        const message = classifyFrame(frame);
        if (message.type !== 'event') throw new Error(message.type);
        return message.event;
      });
      const expected = realisticEvents(120, { seed: 3 }).map((event) =>
        event.body === undefined
          ? event
          : { headers: { ...event.headers, 'Content-Length': String(Buffer.byteLength(event.body)) }, body: event.body },
      );
      expect(decoded).to.deep.equal(expected);
    });
  }
});
