import { expect } from 'chai';
import { connect, type NatsConnection } from 'nats';
import { isInstant, isUuidV7 } from '@sapien/kernel';
import { parseSapienEventPayload } from '@sapien/message-bus';
import { createTemporaryDatabase, freePort, requireNats, requirePostgres, TestNatsServer, type TemporaryDatabase } from '@sapien/testing';
import { EslStandIn } from '@sapien/esl-stand-in';
import WebSocket from 'ws';
import { runSapien, type SapienProcess } from './support/sapien-process.ts';
import { bootstrapEnv, clientCredentialsToken } from './support/tokens.ts';


describe('each service alone, on PostgreSQL and NATS', function () {
  this.timeout(120_000);
  before(requirePostgres);
  before(requireNats);

  let database: TemporaryDatabase;
  let nats: TestNatsServer;
  let freeswitch: EslStandIn;
  let eslWs = '';
  let env: Record<string, string>;
  let api: string;
  let authorization = '';
  const running: SapienProcess[] = [];
  const start = async (args: string[], banner = 'Sapien is running'): Promise<SapienProcess> => {
    const service = runSapien(args, env);
    running.push(service);
    await service.waitFor(banner);
    return service;
  };

  before(async () => {
    database = await createTemporaryDatabase('sapien_e2e');
    nats = await TestNatsServer.start();
    freeswitch = await EslStandIn.start({ hostname: 'fs1.example' });
    const eslPort = await freePort();
    eslWs = `ws://127.0.0.1:${eslPort}/ws`;
    const apiPort = await freePort();
    api = `http://127.0.0.1:${apiPort}`;
    env = {
      SAPIEN_EVENTSTORE_URL: database.url,
      SAPIEN_READ_DB_URL: database.url,
      SAPIEN_NATS_URL: nats.url,
      SAPIEN_API_PORT: String(apiPort),
      SAPIEN_ESL_WS_PORT: String(eslPort),
      SAPIEN_ESL_OUTBOUND_PORT: String(await freePort()),
      SAPIEN_ESL_TARGETS: freeswitch.url('fs1.example'),
      SAPIEN_ESL_SPOOL_DIR: `${process.env.TMPDIR ?? '/tmp'}/sapien-e2e-esl-spool-${process.pid}`,
      SAPIEN_LOG_LEVEL: 'warn',
      ...bootstrapEnv(),
    };
  });

  after(async () => {
    await Promise.all(running.map((service) => service.stop('SIGTERM')));
    await freeswitch.close();
    await nats.dispose();
    await database.drop();
  });

  it('serves commands from the api, projects them in the projector, publishes them on NATS', async () => {
    await start(['projector']);
    await start(['api']);
    await start(['esl-listener']);

    const subscriber: NatsConnection = await connect({ servers: nats.url });
    try {
      authorization = `Bearer ${await clientCredentialsToken(api)}`;
      const json = { 'content-type': 'application/json', authorization };
      const created = await fetch(`${api}/v1/orgs`, { method: 'POST', headers: json, body: JSON.stringify({ name: 'Alone', orgId: 41 }) });
      expect(created.status).to.equal(201);
      const position = created.headers.get('sapien-position');
      expect(position).to.match(/^\d+$/);

      // Read-your-writes across processes: the API waits for the projector's checkpoint.
      const read = await fetch(`${api}/v1/orgs/41`, { headers: { 'sapien-min-position': String(position), authorization } });
      expect(read.status).to.equal(200);
      expect(await read.json()).to.deep.include({ orgId: 41, name: 'Alone' });

      // The event is on SAPIEN_EVENTS under its subject, with its id as Nats-Msg-Id.
      const jsm = await subscriber.jetstreamManager();
      const stored = await jsm.streams.getMessage('SAPIEN_EVENTS', { last_by_subj: 'sapien.events.41.org.OrganisationCreated' });
      const payload = parseSapienEventPayload(stored.data);
      expect(payload).to.deep.include({ type: 'OrganisationCreated', streamId: 'org-41', orgId: 41 });
      expect(stored.header.get('Nats-Msg-Id')).to.equal(payload.id);
      // The envelope: a UUID v7 id, microseconds, and the request's correlation id in the metadata.
      expect(isUuidV7(payload.id)).to.equal(true);
      expect(isInstant(payload.occurredAt)).to.equal(true);
      expect(payload.metadata.correlationId).to.equal(created.headers.get('x-correlation-id'));
      expect(payload.metadata.actor).to.have.keys(['kind', 'id']);
    } finally {
      await subscriber.close();
    }
  });

  it('publishes FreeSWITCH events to ESL_EVENTS and serves them and commands over the WebSocket to a platform admin', async () => {
    // The listener connected, authenticated and subscribed when it started (the first test started it).
    await freeswitch.waitForCommand((command) => command.startsWith('event json'));
    const admin = await clientCredentialsToken(api, 'admin');
    const socket = new WebSocket(eslWs, { headers: { authorization: `Bearer ${admin}` } });
    const messages: Record<string, unknown>[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const answer = async (id: string): Promise<Record<string, unknown>> => {
      for (let i = 0; i < 500; i++) {
        const found = messages.find((message) => message.type === 'response' && message.id === id);
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no response to ${id}`);
    };
    try {
      socket.send(JSON.stringify({ id: 's1', command: 'subscribe', value: { events: ['CHANNEL_ANSWER', 'CUSTOM::sofia::register'] } }));
      expect(await answer('s1')).to.include({ ok: true });
      const answered = freeswitch.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': 'a1b2c3d4-0000-4000-8000-000000000001', 'Caller-Caller-ID-Name': 'Zoë' } });
      const registered = freeswitch.emit({ headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'sofia::register', 'from-user': '1001' } });

      const subscriber: NatsConnection = await connect({ servers: nats.url });
      try {
        const jsm = await subscriber.jetstreamManager();
        const lastOf = async (subject: string) => {
          for (let i = 0; ; i++) {
            try {
              return await jsm.streams.getMessage('ESL_EVENTS', { last_by_subj: subject });
            } catch (error) {
              if (i > 250) throw error;
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          }
        };
        const answerStored = await lastOf('esl.events.fs1_example.CHANNEL_ANSWER');
        expect(answerStored.header.get('Nats-Msg-Id')).to.equal(`${freeswitch.coreUuid}:${answered}`);
        expect(JSON.parse(new TextDecoder().decode(answerStored.data))).to.deep.include({
          node: 'fs1.example',
          name: 'CHANNEL_ANSWER',
          sequence: answered,
          coreUuid: freeswitch.coreUuid,
          uniqueId: 'a1b2c3d4-0000-4000-8000-000000000001',
        });
        const registerStored = await lastOf('esl.events.fs1_example.CUSTOM.sofia_register');
        expect(registerStored.header.get('Nats-Msg-Id')).to.equal(`${freeswitch.coreUuid}:${registered}`);
      } finally {
        await subscriber.close();
      }

      // Live on the WebSocket too, with the headers decoded.
      for (let i = 0; i < 250 && messages.filter((message) => message.type === 'event').length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      const live = messages.filter((message) => message.type === 'event').map((message) => message.event as Record<string, unknown>);
      expect(live.map((event) => event.name)).to.deep.equal(['CHANNEL_ANSWER', 'CUSTOM']);
      expect((live[0]?.headers as Record<string, unknown>)['Caller-Caller-ID-Name']).to.equal('Zoë');

      socket.send(JSON.stringify({ id: 'a1', command: 'api', value: { node: 'fs1.example', cmd: 'status' } }));
      expect(await answer('a1')).to.deep.include({ ok: true }).and.to.have.property('result');
    } finally {
      socket.close();
    }

    // An org's token (no admin scope) is refused: FreeSWITCH traffic spans every org.
    const refused = new WebSocket(eslWs, { headers: { authorization: 'Bearer not-a-token' } });
    const status = await new Promise<number | undefined>((resolve) => {
      refused.once('unexpected-response', (_request, response) => resolve(response.statusCode));
      refused.once('open', () => resolve(undefined));
      refused.once('error', () => undefined);
    });
    refused.terminate();
    expect(status).to.equal(401);
  });

  it('reports projection status and rebuilds a projection while the API keeps serving', async () => {
    const status = runSapien(['projections', 'status'], env);
    expect(await status.exited()).to.equal(0);
    expect(status.output()).to.match(/orgs\s+\d+\s+\d+\s+0/);
    expect(status.output()).to.match(/nats-publisher\s+\d+/);

    const rebuild = runSapien(['projections', 'rebuild', 'orgs'], env);
    let served = 0;
    while (rebuild.child.exitCode === null) {
      const response = await fetch(`${api}/v1/orgs/41`, { headers: { authorization } });
      expect(response.status).to.equal(200);
      served += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await rebuild.exited()).to.equal(0);
    expect(rebuild.output()).to.match(/rebuilt orgs: \d+ events/);
    expect(served).to.be.greaterThan(0);
    const after = await fetch(`${api}/v1/orgs/41`, { headers: { authorization } });
    expect(await after.json()).to.deep.include({ orgId: 41, name: 'Alone' });
  });

  it('names an unknown projection with the list of known ones', async () => {
    const rebuild = runSapien(['projections', 'rebuild', 'nope'], env);
    expect(await rebuild.exited()).to.equal(64);
    expect(rebuild.output()).to.match(/no projection named nope; projections: orgs, .*event-log/);
  });
});
