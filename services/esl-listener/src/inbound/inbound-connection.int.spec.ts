import { expect } from 'chai';
import { EslStandIn, type EslStandInOptions } from '@sapien/esl-stand-in';
import { isInstant } from '@sapien/kernel';
import { pino } from 'pino';
import { commandRejection } from './command-rejection.ts';
import { RecordingSink } from '../hub/recording-sink.ts';
import { parseTargets } from '../targets/parse-targets.ts';
import { InboundConnection, type InboundSettings } from './inbound-connection.ts';

const logger = pino({ level: 'silent' });
const FAST_BACKOFF = { minMs: 10, maxMs: 40 };

/** Polls `predicate` between turns of the event loop; rejects naming `what` after 5 s. */
const until = async (predicate: () => boolean, what: string): Promise<void> => {
  const deadline = Date.now() + 5000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('an inbound ESL connection (against the stand-in)', () => {
  let standIn: EslStandIn;
  let connection: InboundConnection | undefined;
  let sink: RecordingSink;

  const startStandIn = async (options: EslStandInOptions = {}): Promise<void> => {
    standIn = await EslStandIn.start(options);
  };

  const open = (settings: Partial<InboundSettings> = {}, options: Readonly<{ capture?: boolean; url?: string }> = {}): InboundConnection => {
    const [target] = parseTargets(options.url ?? standIn.url('fs1'));
    if (target === undefined) throw new Error('no target');
    sink = new RecordingSink(options.capture ?? false);
    connection = new InboundConnection({ target, sink, logger, settings: { backoff: FAST_BACKOFF, ...settings } });
    connection.start();
    return connection;
  };

  // Status changes that entered `ready` (a Core-UUID seen while ready is a change too).
  const readyCount = (): number =>
    sink.statuses.filter((status, index) => status.state === 'ready' && sink.statuses[index - 1]?.state !== 'ready').length;
  const ready = (count = 1): Promise<void> => sink.waitFor(() => readyCount() >= count, `ready #${count}`);
  const eventCount = (count: number): Promise<void> => sink.waitFor(() => sink.events.length >= count, `${count} event(s)`);

  afterEach(async () => {
    await connection?.stop();
    connection = undefined;
    await standIn.close();
  });

  describe('connecting', () => {
    beforeEach(() => startStandIn());

    it('authenticates and subscribes to every event, in JSON', async () => {
      open();
      await ready();
      expect(standIn.received).to.deep.equal(['auth ClueCon', 'event json ALL']);
      expect(sink.statuses.map((status) => status.state)).to.deep.equal(['connecting', 'authenticating', 'ready']);
      expect(connection?.status()).to.deep.equal({ node: 'fs1', mode: 'inbound', state: 'ready' });
    });

    it('subscribes to a chosen set, CUSTOM subclasses last, then sends its filters', async () => {
      open({
        events: ['CHANNEL_ANSWER', 'CUSTOM::sofia::register'],
        filters: [{ header: 'Event-Name', value: 'CHANNEL_ANSWER' }],
      });
      await ready();
      expect(standIn.received).to.deep.equal([
        'auth ClueCon',
        'event json CHANNEL_ANSWER HEARTBEAT BACKGROUND_JOB CUSTOM sofia::register',
        'filter Event-Name CHANNEL_ANSWER',
        'filter Event-Name HEARTBEAT',
        'filter Event-Name BACKGROUND_JOB',
      ]);
    });

    it('refuses commands before it is ready with not_ready', async () => {
      const [target] = parseTargets(standIn.url());
      if (target === undefined) throw new Error('no target');
      const idle = new InboundConnection({ target, sink: new RecordingSink(), logger });
      expect((await commandRejection(idle.api('status'))).code).to.equal('not_ready');
      expect((await commandRejection(idle.bgapi('status'))).code).to.equal('not_ready');
      await idle.stop();
    });

    it('reports every frame in and command out when someone captures, the password masked', async () => {
      open({}, { capture: true });
      await ready();
      expect(sink.frames.map((frame) => [frame.direction, frame.contentType ?? frame.body])).to.deep.equal([
        ['in', 'auth/request'],
        ['out', 'auth ***\n\n'],
        ['in', 'command/reply'],
        ['out', 'event json ALL\n\n'],
        ['in', 'command/reply'],
      ]);
      expect(sink.frames.every((frame) => frame.node === 'fs1' && isInstant(frame.at))).to.equal(true);
    });

    it('builds no frames when nobody captures', async () => {
      open();
      await ready();
      standIn.heartbeat();
      await eventCount(1);
      expect(sink.frames).to.deep.equal([]);
    });
  });

  describe('events', () => {
    beforeEach(() => startStandIn());

    it('hands on each event in order, in its published form', async () => {
      open();
      await ready();
      const uuid = '7f4de4c2-0b0e-4f1e-9a53-3d8a3b0d0b61';
      const sequences = [
        standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE', 'Unique-ID': uuid } }),
        standIn.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': uuid } }),
        standIn.emit({ headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'sofia::register' } }),
        standIn.emit({ headers: { 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': 'not-ours' }, body: '+OK done\n' }),
      ];
      await eventCount(4);
      expect(sink.events.map((event) => [event.name, event.subclass, event.sequence, event.uniqueId])).to.deep.equal([
        ['CHANNEL_CREATE', undefined, sequences[0], uuid],
        ['CHANNEL_ANSWER', undefined, sequences[1], uuid],
        ['CUSTOM', 'sofia::register', sequences[2], undefined],
        ['BACKGROUND_JOB', undefined, sequences[3], undefined],
      ]);
      for (const event of sink.events) {
        expect(event).to.include({ node: 'fs1', coreUuid: standIn.coreUuid });
        expect(isInstant(event.timestamp)).to.equal(true);
        expect(event.headers['FreeSWITCH-Hostname']).to.equal('fs1');
      }
      expect(sink.events[3]?.body).to.equal('+OK done\n');
      expect(connection?.status()).to.include({ coreUuid: standIn.coreUuid, lastSequence: sequences[3] });
      expect(connection?.metrics()).to.include({ events: 4, gaps: 0, reorders: 0 });
    });

    it('counts Event-Sequence gaps left by filtered events, and steps back, as metrics', async () => {
      open({ events: ['CHANNEL_ANSWER'] });
      await ready();
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER' } });
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
      const last = standIn.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER' } });
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER', 'Event-Sequence': String(last - 1) } });
      await eventCount(3);
      expect(sink.events.map((event) => event.name)).to.deep.equal(['CHANNEL_ANSWER', 'CHANNEL_ANSWER', 'CHANNEL_ANSWER']);
      expect(connection?.metrics()).to.include({ events: 3, gaps: 1, reorders: 1 });
      expect(connection?.status().lastSequence).to.equal(last);
    });
  });

  describe('api and bgapi', () => {
    it('sends bgapi with its own Job-UUID and gets the result from BACKGROUND_JOB', async () => {
      await startStandIn({ api: (command) => `ran ${command}\n` });
      open();
      await ready();
      const { jobUuid, result } = await (connection as InboundConnection).bgapi('show channels');
      expect(await result).to.equal('ran show channels\n');
      expect(standIn.received).to.include(`bgapi show channels\nJob-UUID: ${jobUuid}`);
    });

    it('matches two concurrent bgapi answered out of order', async () => {
      let finishSlow: (text: string) => void = () => {};
      await startStandIn({
        api: (command) => (command === 'slow' ? new Promise<string>((resolve) => (finishSlow = resolve)) : 'fast result\n'),
      });
      const live = open();
      await ready();
      const [slow, fast] = await Promise.all([live.bgapi('slow'), live.bgapi('fast')]);
      expect(slow.jobUuid).not.to.equal(fast.jobUuid);
      expect(await fast.result).to.equal('fast result\n');
      finishSlow('slow result\n');
      expect(await slow.result).to.equal('slow result\n');
    });

    it('sends api as bgapi, so events keep flowing, and answers with its output', async () => {
      await startStandIn();
      const live = open();
      await ready();
      expect(await live.api('status')).to.match(/UP /);
      expect(await live.api('no_such_thing')).to.match(/^-ERR no_such_thing Command not found/);
      expect(standIn.received.filter((command) => command.startsWith('api '))).to.deep.equal([]);
    });

    it('gives up an api that takes too long with timeout', async () => {
      await startStandIn({ api: () => new Promise<string>(() => {}) });
      const live = open({ commandTimeoutMs: 50 });
      await ready();
      const error = await commandRejection(live.api('hang'));
      expect(error.code).to.equal('timeout');
      expect(error.name).to.equal('EslCommandError');
    });
  });

  describe('losing the connection', () => {
    it('reports a wrong password and retries with back-off, never becoming ready', async () => {
      await startStandIn({ password: 'not-ClueCon' });
      const live = open({}, { url: standIn.url().replace(/:[^:@/]*@/, ':ClueCon@') });
      await sink.waitFor(() => live.metrics().authFailures >= 3, 'three refused passwords');
      expect(readyCount()).to.equal(0);
      expect(live.metrics().reconnects).to.be.at.least(2);
      expect(standIn.received.filter((command) => command === 'auth ClueCon').length).to.be.at.least(3);
    });

    it('reconnects and subscribes again after the connection drops', async () => {
      await startStandIn();
      const live = open();
      await ready();
      standIn.dropConnections();
      await ready(2);
      expect(live.metrics().reconnects).to.equal(1);
      expect(standIn.received).to.deep.equal(['auth ClueCon', 'event json ALL', 'auth ClueCon', 'event json ALL']);
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
      await eventCount(1);
    });

    it('closes and reconnects a connection that went silent', async () => {
      await startStandIn({ heartbeatIntervalMs: 20 });
      const live = open({ heartbeatTimeoutMs: 300 });
      await ready();
      standIn.setSilent(true);
      await sink.waitFor(() => sink.statuses.at(-1)?.state !== 'ready', 'the silent connection closed');
      standIn.setSilent(false);
      await ready(2);
      expect(live.metrics().reconnects).to.be.at.least(1);
      await sink.waitFor(() => sink.events.some((event) => event.name === 'HEARTBEAT'), 'a heartbeat after reconnecting');
    });

    it('reports a new Core-UUID after FreeSWITCH restarts, and tracks sequences afresh', async () => {
      await startStandIn();
      const live = open();
      await ready();
      const before = standIn.coreUuid;
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
      standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
      await eventCount(2);
      await standIn.restart();
      await ready(2);
      const after = standIn.coreUuid;
      expect(after).not.to.equal(before);
      const sequence = standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
      await eventCount(3);
      expect(sink.events[2]).to.include({ coreUuid: after, sequence });
      expect(live.metrics()).to.include({ coreUuidChanges: 1, gaps: 0, reorders: 0 });
      expect(live.status()).to.include({ coreUuid: after, lastSequence: sequence });
      expect(sink.statuses.map((status) => status.coreUuid).filter((uuid) => uuid !== undefined)).to.include.members([before, after]);
    });

    it('stops: closes the socket, makes no more attempts', async () => {
      await startStandIn();
      const live = open();
      await ready();
      const statuses = sink.statuses.length;
      await live.stop();
      expect(live.status().state).to.equal('disconnected');
      await until(() => standIn.connectionCount() === 0, 'the stand-in to see the socket close');
      expect(sink.statuses.slice(statuses).map((status) => status.state)).to.deep.equal(['disconnected']);
    });
  });
});
