import { expect } from 'chai';
import type { EslMessage } from '@sapien/esl-protocol';
import { EslStandIn, FIXTURE_NAMES, loadFixture, type RecordedTrafficEntry } from './index.ts';
import { RawClient } from './raw-client.ts';

/** What FreeSWITCH wrote, rebuilt from the entry here rather than by the code under test. */
const wire = (entry: RecordedTrafficEntry): Buffer =>
  Buffer.concat([
    Buffer.from(
      Object.entries(entry.headers)
        .map(([name, value]) => `${name}: ${value}\n`)
        .join('') + '\n',
    ),
    Buffer.from(entry.body ?? '', entry.bodyEncoding === 'base64' ? 'base64' : 'utf8'),
  ]);

describe('the ESL stand-in, replaying captures', () => {
  let standIn: EslStandIn;
  let client: RawClient;

  beforeEach(async () => {
    standIn = await EslStandIn.start();
    client = await RawClient.authed(standIn.port);
  });

  afterEach(async () => {
    client.close();
    await standIn.close();
  });

  for (const name of FIXTURE_NAMES) {
    it(`sends ${name} byte for byte as recorded, to a connection whatever it subscribed to`, async () => {
      const entries = loadFixture(name);
      const incoming = entries.filter((entry) => entry.direction === 'in');
      const expected = Buffer.concat(incoming.map(wire));
      const before = client.bytes().length;
      standIn.replay(entries);
      const messages: EslMessage[] = [];
      for (const _ of incoming) messages.push(await client.take(() => true));
      expect(client.bytes().subarray(before).equals(expected)).to.equal(true);
      messages.forEach((message, i) => {
        expect(message.frame.headers).to.deep.equal(Object.entries(incoming[i]!.headers));
        expect(message.type).to.not.equal('error');
      });
    });
  }

  it('sends nothing to a connection that has not authenticated', async () => {
    const stranger = await RawClient.connect(standIn.port);
    await stranger.take((m) => m.type === 'auth-request');
    standIn.replay(loadFixture('heartbeat.plain'));
    await client.take((m) => m.type === 'event');
    expect(stranger.unread()).to.deep.equal([]);
    stranger.close();
  });

  it('sends raw bytes, malformed or not, with sendRaw', async () => {
    standIn.sendRaw('Content-Type: text/event-plain\nContent-Length: nope\n\n');
    await client.closed; // the client's parser fails the stream and closes it
    expect(client.bytes().toString('utf8')).to.contain('Content-Length: nope');
  });
});
