import { AesGcmSecretBox } from '@sapien/users';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { InProcessMessageBus } from '@sapien/message-bus';
import { ProjectionRunner } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import { openReadModelStore, type ReadModelStore } from '@sapien/read-model-sql';
import type { ApiDependencies } from './dependencies.ts';
import { NonLoopbackHostError } from './errors.ts';
import { LOOPBACK_NOTICE, startApi, type RunningApi } from './start.ts';

describe('startApi over a real socket', () => {
  let eventStore: EventStore;
  let readModels: ReadModelStore;
  let runner: ProjectionRunner;
  let api: RunningApi | undefined;
  const logLines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  let deps: ApiDependencies;

  before(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    readModels = await openReadModelStore('sqlite::memory:');
    runner = new ProjectionRunner({ eventStore, store: readModels, projections: allProjections });
    await runner.start();
    deps = {
      eventStore,
      readModels,
      bus: new InProcessMessageBus(),
      clock: new SystemClock(),
      waitForPosition: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
      logger: { level: 'info', stream: logStream },
      secretBox: new AesGcmSecretBox(AesGcmSecretBox.generateKey()),
    };
    api = await startApi(deps, { port: 0 });
  });

  after(async () => {
    await api?.close();
    await runner.stop();
    await readModels.close();
    await eventStore.close();
  });

  it('listens on 127.0.0.1 and says so when it runs without an OAuth server', async () => {
    expect(api?.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(logLines.some((line) => line.includes(LOOPBACK_NOTICE))).to.equal(true);
    const response = await fetch(`${api?.url}/hello`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ message: 'Hello from Sapien' });
  });

  it('creates an organisation and reads it back with Sapien-Min-Position', async () => {
    const created = await fetch(`${api?.url}/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'socket-1' },
      body: JSON.stringify({ name: 'Socket Ltd' }),
    });
    expect(created.status).to.equal(201);
    const location = created.headers.get('location');
    const position = created.headers.get('sapien-position');
    expect(location).to.match(/^\/v1\/orgs\/\d+$/);
    const read = await fetch(`${api?.url}${location}`, { headers: { 'sapien-min-position': String(position) } });
    expect(read.status).to.equal(200);
    expect(await read.json()).to.include({ name: 'Socket Ltd' });
  });

  it('answers 413 problem+json for a body over the limit sent over the wire', async () => {
    const response = await fetch(`${api?.url}/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(200 * 1024) }),
    });
    expect(response.status).to.equal(413);
    expect(response.headers.get('content-type')).to.match(/^application\/problem\+json/);
  });

  it('refuses a host that is not loopback, before listening', async () => {
    let thrown: unknown;
    try {
      await startApi(deps, { port: 0, host: '0.0.0.0' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(NonLoopbackHostError);
    expect(String((thrown as Error).message)).to.include('without an OAuth server /v1 needs no token, so the API listens on loopback only');
  });
});
