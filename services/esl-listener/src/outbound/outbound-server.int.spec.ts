import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { EslStandIn } from '@sapien/esl-stand-in';
import { pino } from 'pino';
import { RecordingSink } from '../hub/recording-sink.ts';
import { OutboundServer } from './outbound-server.ts';

const logger = pino({ level: 'silent' });
const CALL = '2b1e6f3a-5c4d-4e7f-8a9b-0c1d2e3f4a5b';

/** A bare socket playing FreeSWITCH's side: once `connect` arrives, writes `replies` as they are. */
const rawCall = (port: number, replies: readonly string[]): Socket => {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => {});
  socket.once('data', () => {
    for (const reply of replies) socket.write(reply);
  });
  return socket;
};

describe('outbound ESL: the listener FreeSWITCH`s socket application dials', () => {
  let standIn: EslStandIn;
  let server: OutboundServer;
  let sink: RecordingSink;

  beforeEach(async () => {
    standIn = await EslStandIn.start({ hostname: 'fs-edge' });
    sink = new RecordingSink(true);
    server = new OutboundServer({ port: 0, host: '127.0.0.1', sink, logger });
    await server.start();
  });

  afterEach(async () => {
    await server.stop();
    await standIn.close();
  });

  const callReady = (): Promise<void> =>
    sink.waitFor(() => server.calls().some((call) => call.state === 'ready'), 'the call to be ready');

  it('sends connect at once, then myevents json and linger, and reads the channel data', async () => {
    const call = standIn.dial(server.port, '127.0.0.1', { uuid: CALL });
    expect(await call.connected).to.equal(true);
    await callReady();
    expect(standIn.received).to.deep.equal(['connect', 'myevents json', 'linger']);
    expect(server.calls()).to.deep.equal([
      { node: 'fs-edge', mode: 'outbound', state: 'ready', coreUuid: standIn.coreUuid, callUuid: CALL },
    ]);
    expect(sink.frames.filter((frame) => frame.direction === 'out').map((frame) => frame.body)).to.deep.equal([
      'connect\n\n',
      'myevents json\n\n',
      'linger\n\n',
    ]);
  });

  it('publishes the call`s events under the node of its FreeSWITCH, up to the hang-up, then ends the session', async () => {
    const call = standIn.dial(server.port, '127.0.0.1', { uuid: CALL });
    await callReady();
    const answered = call.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER' } });
    await sink.waitFor(() => sink.events.length === 1, 'the answer event');
    expect(sink.events[0]).to.include({ node: 'fs-edge', name: 'CHANNEL_ANSWER', uniqueId: CALL, sequence: answered, coreUuid: standIn.coreUuid });
    await call.hangup();
    await sink.waitFor(() => server.calls().length === 0, 'the session to end');
    expect(sink.events.map((event) => event.name)).to.deep.equal(['CHANNEL_ANSWER', 'CHANNEL_HANGUP', 'CHANNEL_HANGUP_COMPLETE']);
    expect(sink.statuses.some((status) => 'hungUp' in status && status.hungUp === true)).to.equal(true);
    expect(sink.statuses.at(-1)).to.include({ state: 'disconnected', node: 'fs-edge' });
    expect(server.metrics().get('fs-edge')).to.include({ events: 3, gaps: 0, frameErrors: 0 });
  });

  it('names the node `outbound` when the channel data has no FreeSWITCH-Hostname', async () => {
    // The stand-in always names its host, so a bare socket plays FreeSWITCH here.
    const socket = rawCall(server.port, [`Content-Type: command/reply\nReply-Text: %2BOK%0A\nUnique-ID: ${CALL}\n\n`]);
    await sink.waitFor(() => server.calls()[0]?.callUuid === CALL, 'the channel data read');
    expect(server.calls()[0]).to.include({ node: 'outbound', callUuid: CALL });
    socket.destroy();
  });

  it('keeps calls apart, each with its own events', async () => {
    const first = standIn.dial(server.port, '127.0.0.1', { uuid: CALL });
    const second = standIn.dial(server.port, '127.0.0.1');
    await sink.waitFor(() => server.calls().filter((call) => call.state === 'ready').length === 2, 'two calls ready');
    first.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER' } });
    second.emit({ headers: { 'Event-Name': 'CHANNEL_PARK' } });
    await sink.waitFor(() => sink.events.length === 2, 'an event of each call');
    expect(sink.events.map((event) => [event.name, event.uniqueId])).to.have.deep.members([
      ['CHANNEL_ANSWER', CALL],
      ['CHANNEL_PARK', second.uuid],
    ]);
  });

  it('closes a call whose byte stream breaks the grammar and counts it', async () => {
    const socket = rawCall(server.port, [
      'Content-Type: command/reply\nReply-Text: %2BOK%0A\nFreeSWITCH-Hostname: fs-raw\n\n',
      'this line has no colon\n\n',
    ]);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await sink.waitFor(() => server.calls().length === 0, 'the broken call to end');
    expect(server.metrics().get('fs-raw')).to.include({ frameErrors: 1 });
  });

  it('closes a hung-up call that lingers in silence', async () => {
    const lingering = new OutboundServer({ port: 0, host: '127.0.0.1', sink, logger, lingerQuietMs: 50 });
    await lingering.start();
    try {
      const socket = rawCall(lingering.port, [
        `Content-Type: command/reply\nReply-Text: %2BOK%0A\nUnique-ID: ${CALL}\n\n`,
        'Content-Type: command/reply\nReply-Text: +OK Events Enabled\n\n',
        'Content-Type: command/reply\nReply-Text: +OK will linger\n\n',
        `Content-Type: text/disconnect-notice\nControlled-Session-UUID: ${CALL}\nContent-Disposition: linger\nLinger-Time: -1\nContent-Length: 0\n\n`,
      ]);
      socket.on('end', () => socket.end());
      await new Promise<void>((resolve) => socket.once('close', () => resolve()));
      await sink.waitFor(() => lingering.calls().length === 0, 'the lingering call to end');
      expect(sink.statuses.some((status) => 'hungUp' in status && status.hungUp === true)).to.equal(true);
    } finally {
      await lingering.stop();
    }
  });

  it('stops: closes every call`s socket', async () => {
    const call = standIn.dial(server.port, '127.0.0.1', { uuid: CALL });
    await callReady();
    await server.stop();
    await call.closed;
    expect(server.calls()).to.deep.equal([]);
  });
});
