import { expect } from 'chai';
import { connect, type NatsConnection } from 'nats';
import { isInstant, isUuidV7 } from '@sapien/kernel';
import { parseSapienEventPayload } from '@sapien/message-bus';
import { createTemporaryDatabase, freePort, requireNats, requirePostgres, TestNatsServer, type TemporaryDatabase } from '@sapien/testing';
import { runSapien, type SapienProcess } from './support/sapien-process.ts';
import { bootstrapEnv, clientCredentialsToken } from './support/tokens.ts';


describe('each service alone, on PostgreSQL and NATS', function () {
  this.timeout(120_000);
  before(requirePostgres);
  before(requireNats);

  let database: TemporaryDatabase;
  let nats: TestNatsServer;
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
    const apiPort = await freePort();
    api = `http://127.0.0.1:${apiPort}`;
    env = {
      SAPIEN_EVENTSTORE_URL: database.url,
      SAPIEN_READ_DB_URL: database.url,
      SAPIEN_NATS_URL: nats.url,
      SAPIEN_API_PORT: String(apiPort),
      SAPIEN_ESL_WS_PORT: String(await freePort()),
      SAPIEN_LOG_LEVEL: 'warn',
      ...bootstrapEnv(),
    };
  });

  after(async () => {
    await Promise.all(running.map((service) => service.stop('SIGTERM')));
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
