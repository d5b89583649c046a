import { expect } from 'chai';
import type { RecordedTrafficEntry } from '../hub.ts';
import { FakeEslCommandError, namedEvent } from './testing/fake-hub.ts';
import { TestClient } from './testing/test-client.ts';
import { startTestServer, type RunningTestServer } from './testing/test-server.ts';

type Page = { captureId: string; state: string; total: number; entries: RecordedTrafficEntry[]; next: number | null };

describe('the ESL WebSocket server: commands', () => {
  let server: RunningTestServer;
  const clients: TestClient[] = [];

  const open = async (): Promise<TestClient> => {
    const client = await TestClient.open(server.wsUrl);
    clients.push(client);
    return client;
  };

  /**
   * Events are sent the moment the hub emits them, so once a later response arrives every
   * earlier event has arrived too: what a client has not received by then it never will.
   */
  const settled = (...targets: TestClient[]) => Promise.all(targets.map((client) => client.request('getNodes')));

  beforeEach(async () => {
    server = await startTestServer();
    server.hub.statuses = [
      { node: 'fs1', mode: 'inbound', state: 'ready', coreUuid: 'c1', lastSequence: 10 },
      { node: 'fs2', mode: 'outbound', state: 'ready' },
    ];
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  });

  describe('subscribe and unsubscribe', () => {
    it('answers with the subscriptions now in force', async () => {
      const client = await open();
      const response = await client.request('subscribe', { events: ['CHANNEL_ANSWER', 'CUSTOM::sofia::register'], node: 'fs1' });
      expect(response).to.deep.equal({
        type: 'response',
        id: 'c1',
        ok: true,
        result: { subscriptions: [{ event: 'CHANNEL_ANSWER', node: 'fs1' }, { event: 'CUSTOM::sofia::register', node: 'fs1' }] },
      });
    });

    it('sends no events before a subscribe', async () => {
      const client = await open();
      server.hub.emit(namedEvent('HEARTBEAT'));
      await settled(client);
      expect(client.events()).to.deep.equal([]);
    });

    it('sends each client only the events it subscribed to', async () => {
      const answers = await open();
      const registers = await open();
      const everything = await open();
      await answers.request('subscribe', { events: ['CHANNEL_ANSWER'] });
      await registers.request('subscribe', { events: ['CUSTOM::sofia::register'] });
      await everything.request('subscribe', { events: ['ALL'] });
      server.hub.emit(namedEvent('CHANNEL_CREATE'));
      server.hub.emit(namedEvent('CHANNEL_ANSWER'));
      server.hub.emit(namedEvent('CUSTOM', 'sofia::register'));
      server.hub.emit(namedEvent('CUSTOM', 'sofia::unregister'));
      await settled(answers, registers, everything);
      expect(answers.events().map((event) => event.name)).to.deep.equal(['CHANNEL_ANSWER']);
      expect(registers.events().map((event) => [event.name, event.subclass])).to.deep.equal([['CUSTOM', 'sofia::register']]);
      expect(everything.events()).to.have.length(4);
    });

    it('sends the event as the hub published it', async () => {
      const client = await open();
      await client.request('subscribe', { events: ['CHANNEL_ANSWER'] });
      const published = server.hub.emit(namedEvent('CHANNEL_ANSWER', undefined, { 'Unique-ID': 'u-1' }));
      expect(await client.next((message) => message.type === 'event')).to.deep.equal({ type: 'event', event: published });
    });

    it('limits a subscription with a node to that node', async () => {
      const client = await open();
      await client.request('subscribe', { events: ['HEARTBEAT'], node: 'fs2' });
      server.hub.emit(namedEvent('HEARTBEAT'), { node: 'fs1' });
      server.hub.emit(namedEvent('HEARTBEAT'), { node: 'fs2' });
      await settled(client);
      expect(client.events().map((event) => event.node)).to.deep.equal(['fs2']);
    });

    it('stops sending what was unsubscribed', async () => {
      const client = await open();
      await client.request('subscribe', { events: ['HEARTBEAT', 'CHANNEL_ANSWER'] });
      const response = await client.request('unsubscribe', { events: ['HEARTBEAT'] });
      expect(response.result).to.deep.equal({ subscriptions: [{ event: 'CHANNEL_ANSWER' }] });
      server.hub.emit(namedEvent('HEARTBEAT'));
      server.hub.emit(namedEvent('CHANNEL_ANSWER'));
      await settled(client);
      expect(client.events().map((event) => event.name)).to.deep.equal(['CHANNEL_ANSWER']);
    });
  });

  describe('api', () => {
    it('runs the command on the node and answers with its output', async () => {
      const client = await open();
      const response = await client.request('api', { node: 'fs1', cmd: 'status' });
      expect(response).to.deep.include({ ok: true, result: { output: 'UP 0 years, 0 days, 1 hour\nFreeSWITCH is ready\n' } });
      expect(server.hub.commands).to.deep.equal([{ kind: 'api', node: 'fs1', command: 'status' }]);
    });

    it('answers with the connection error for a node that is not connected', async () => {
      const client = await open();
      const response = await client.request('api', { node: 'fs9', cmd: 'status' });
      expect(response).to.deep.include({ ok: false, error: { code: 'esl-command-failed', message: 'node fs9 is not connected' } });
    });

    it('hides an unexpected failure behind internal-error', async () => {
      server.hub.answer = () => {
        throw new Error('secret detail at /srv/x.ts:12');
      };
      const client = await open();
      const response = await client.request('api', { node: 'fs1', cmd: 'status' });
      expect(response.error).to.deep.equal({ code: 'internal-error', message: 'the command failed unexpectedly' });
    });
  });

  describe('bgapi', () => {
    it('answers with the Job-UUID, then pushes the background job result', async () => {
      const client = await open();
      const response = await client.request('bgapi', { node: 'fs1', cmd: 'status' });
      const { jobUuid } = response.result as { jobUuid: string };
      expect(jobUuid).to.match(/^[0-9a-f-]{36}$/);
      const pushed = await client.next((message) => message.type === 'background_job');
      expect(pushed).to.deep.equal({ type: 'background_job', id: 'c1', jobUuid, result: 'UP 0 years, 0 days, 1 hour\nFreeSWITCH is ready\n' });
      expect(client.received.indexOf(response)).to.be.lessThan(client.received.indexOf(pushed));
    });

    it('pushes the error when the job fails', async () => {
      server.hub.holdJobs = true;
      const client = await open();
      const { jobUuid } = (await client.request('bgapi', { node: 'fs1', cmd: 'originate user/1000 &park()' })).result as { jobUuid: string };
      server.hub.failJob(jobUuid, new FakeEslCommandError('connection lost before the job finished'));
      expect(await client.next((message) => message.type === 'background_job')).to.deep.equal({
        type: 'background_job',
        id: 'c1',
        jobUuid,
        error: { code: 'esl-command-failed', message: 'connection lost before the job finished' },
      });
    });
  });

  describe('getNodes', () => {
    it('answers with the node statuses', async () => {
      const client = await open();
      expect((await client.request('getNodes')).result).to.deep.equal({ nodes: server.hub.statuses });
    });
  });

  describe('traffic capture', () => {
    it('starts, records, stops and pages a capture', async () => {
      const client = await open();
      const started = await client.request('startCapturingTraffic', { eventNames: ['CHANNEL_ANSWER'], directions: ['in', 'out'] });
      expect(started.ok).to.equal(true);
      const { captureId } = started.result as { captureId: string };
      server.hub.emit(namedEvent('CHANNEL_ANSWER'));
      server.hub.emit(namedEvent('HEARTBEAT'));
      server.hub.emit(namedEvent('CHANNEL_ANSWER'), { format: 'json' });
      await client.request('api', { node: 'fs1', cmd: 'status' });
      const stopped = await client.request('stopCapturingTraffic', { captureId });
      expect(stopped.result).to.deep.include({ captureId, state: 'stopped', stopReason: 'requested', entries: 4 });

      const first = (await client.request('getRecordedTraffic', { captureId, limit: 3 })).result as Page;
      expect(first.entries.map((entry) => entry.seq)).to.deep.equal([1, 2, 3]);
      expect(first).to.deep.include({ total: 4, next: 3, state: 'stopped' });
      const second = (await client.request('getRecordedTraffic', { captureId, after: first.next, limit: 3 })).result as Page;
      expect(second.entries.map((entry) => entry.seq)).to.deep.equal([4]);
      expect(second.next).to.equal(null);
      expect([...first.entries, ...second.entries].map((entry) => entry.contentType ?? entry.direction)).to.deep.equal([
        'text/event-plain',
        'text/event-json',
        'out',
        'api/response',
      ]);
    });

    it('exports the same entries as NDJSON, one per line', async () => {
      const client = await open();
      const { captureId } = (await client.request('startCapturingTraffic')).result as { captureId: string };
      for (let i = 0; i < 5; i++) server.hub.emit(namedEvent('HEARTBEAT'), { format: i % 2 === 0 ? 'plain' : 'json' });
      await client.request('stopCapturingTraffic', { captureId });
      const paged = (await client.request('getRecordedTraffic', { captureId })).result as Page;
      const lines = server.websockets.capture.ndjson(captureId).split('\n');
      expect(lines.pop()).to.equal('');
      expect(lines.map((line) => JSON.parse(line))).to.deep.equal(paged.entries);
      expect(lines[0]).to.equal(JSON.stringify(paged.entries[0]));
    });

    it('answers capture-not-found for an unknown capture', async () => {
      const client = await open();
      const response = await client.request('getRecordedTraffic', { captureId: '0190a5c4-3b2a-7cde-8f00-1234567890ab' });
      expect(response.error?.code).to.equal('capture-not-found');
    });
  });

  describe('malformed messages', () => {
    it('answers each with an error and keeps the connection', async () => {
      const client = await open();
      client.sendRaw('this is not json');
      client.sendRaw('{"id":"m2","command":"reboot","value":{}}');
      client.sendRaw('{"id":"m3","command":"subscribe","value":{"events":["ALL","bad name"]}}');
      client.sendRaw('{"command":"getNodes"}');
      client.sendRaw(Buffer.from('{"id":"m5","command":"getNodes"}'), true);
      await client.until((received) => received.length === 5);
      expect(client.received.map((message) => [message.id, (message.error as { code: string }).code])).to.deep.equal([
        [null, 'invalid-json'],
        ['m2', 'unknown-command'],
        ['m3', 'validation-failed'],
        [null, 'invalid-message'],
        [null, 'invalid-message'],
      ]);
      expect(client.received[2]!.error).to.deep.include({ field: 'value.events[1]' });
      expect((await client.request('getNodes')).ok).to.equal(true);
    });

    it('does not disturb another client', async () => {
      const noisy = await open();
      const quiet = await open();
      await quiet.request('subscribe', { events: ['ALL'] });
      noisy.sendRaw('{');
      server.hub.emit(namedEvent('HEARTBEAT'));
      await settled(quiet, noisy);
      expect(quiet.events()).to.have.length(1);
    });
  });

  describe('metrics', () => {
    it('counts clients and messages', async () => {
      const client = await open();
      await client.request('subscribe', { events: ['ALL'] });
      server.hub.emit(namedEvent('HEARTBEAT'));
      await settled(client);
      expect(server.websockets.metrics()).to.deep.include({ clients: 1, messagesReceived: 2, messagesSent: 3, closedSlow: 0 });
    });
  });
});
