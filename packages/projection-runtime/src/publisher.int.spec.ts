import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import type { RecordedEvent } from '@sapien/kernel';
import { SAPIEN_EVENTS_STREAM, parseSapienEventPayload } from '@sapien/message-bus';
import { NatsMessageBus } from '@sapien/message-bus-nats';
import { openReadModelStore } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { temporarySqliteReadDb } from '@sapien/read-model-sql/testing';
import type { TestReadDb } from '@sapien/read-model-sql/testing';
import { TestNatsServer } from '@sapien/testing';
import { CheckpointStore } from './checkpoints.ts';
import { CheckpointAheadOfLog } from './errors.ts';
import { BusPublisher } from './publisher.ts';
import { runFixture } from './test-support/child-process.ts';
import { temporaryEventStore } from './test-support/event-stores.ts';
import type { TestEventStore } from './test-support/event-stores.ts';
import { observedEventStore } from './test-support/observed-event-store.ts';
import { recordingLogger } from './test-support/recording-logger.ts';
import { appendEvents, readWholeLog } from './test-support/seed.ts';

const until = async (check: () => Promise<boolean>, limitMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(5);
  }
};

/** What a subscriber reading the stream from its start receives, and what the stream holds. */
const received = async (url: string, count: number): Promise<{ ids: string[]; positions: number[]; stored: number }> => {
  const bus = await NatsMessageBus.connect({ servers: url });
  const controller = new AbortController();
  try {
    const ids: string[] = [];
    const positions: number[] = [];
    for await (const message of bus.subscribe({ subject: 'sapien.events.>', fromStart: true, signal: controller.signal })) {
      const payload = parseSapienEventPayload(message.payload);
      expect(message.id).to.equal(payload.id);
      ids.push(payload.id);
      positions.push(payload.position);
      message.ack();
      if (ids.length === count) break;
    }
    const info = await (await bus.connection.jetstreamManager()).streams.info(SAPIEN_EVENTS_STREAM);
    return { ids, positions, stored: info.state.messages };
  } finally {
    controller.abort();
    await bus.close();
  }
};

const expectEachEventOnce = async (url: string, log: readonly RecordedEvent[]): Promise<void> => {
  const got = await received(url, log.length);
  expect(got.stored, 'the stream holds each event once').to.equal(log.length);
  expect(new Set(got.ids).size).to.equal(log.length);
  expect(got.ids).to.deep.equal(log.map((event) => event.id));
  expect(got.positions).to.deep.equal(log.map((event) => event.position));
};

describe('BusPublisher', () => {
  let nats: TestNatsServer;
  let readDb: TestReadDb;
  let events: TestEventStore;
  let store: ReadModelStore;
  let checkpoints: CheckpointStore;

  beforeEach(async () => {
    nats = await TestNatsServer.start();
    readDb = await temporarySqliteReadDb();
    events = await temporaryEventStore('sqlite');
    store = await openReadModelStore(readDb.url);
    checkpoints = await CheckpointStore.open(store);
  });

  afterEach(async () => {
    await store.close();
    await events.dispose();
    await readDb.dispose();
    await nats.dispose();
  });

  it('resumes from its checkpoint after kill -9 mid-stream: a subscriber gets every event exactly once', async function () {
    this.timeout(120_000);
    const total = 2_000;
    await appendEvents(events.eventStore, total, { perAppend: 200 });
    const env = {
      TEST_EVENTSTORE_URL: events.url,
      TEST_READ_DB_URL: readDb.url,
      TEST_NATS_URL: nats.url,
      TEST_BATCH_SIZE: '40',
      TEST_DELAY_MS: '15',
      TEST_TARGET: String(total),
    };
    for (let kill = 0; kill < 3; kill += 1) {
      const target = (await checkpoints.get('nats-publisher')) + randomInt(1, 500);
      const child = runFixture('publish-events.fixture.ts', env);
      await until(async () => (await checkpoints.get('nats-publisher')) >= target || child.process.exitCode !== null, 60_000, 'the child to publish');
      expect(child.process.exitCode, child.stderr()).to.equal(null);
      await sleep(randomInt(0, 30));
      child.process.kill('SIGKILL');
      expect((await child.exited).signal).to.equal('SIGKILL');
      expect(await checkpoints.get('nats-publisher'), 'killed before the end').to.be.lessThan(total);
    }
    const last = runFixture('publish-events.fixture.ts', env);
    expect((await last.exited).code, last.stderr()).to.equal(0);
    expect(await checkpoints.get('nats-publisher')).to.equal(total);
    await expectEachEventOnce(nats.url, await readWholeLog(events.eventStore));
  });

  it('publishes every event exactly once while nats-server restarts with events flowing', async function () {
    this.timeout(120_000);
    const bus = await NatsMessageBus.connect({ servers: nats.url, reconnectTimeWaitMs: 50 });
    const publisher = new BusPublisher({ eventStore: events.eventStore, bus, checkpoints, batchSize: 50 });
    await publisher.start();
    try {
      const appending = (async () => {
        for (let step = 0; step < 30; step += 1) {
          await appendEvents(events.eventStore, 50, { perAppend: 50, offset: step * 50 });
          await sleep(10);
        }
      })();
      await until(async () => (publisher.positions()['nats-publisher'] ?? 0) >= 200, 60_000, 'the first publishes');
      await nats.restart();
      await appending;
      expect(await publisher.waitForPosition(await events.eventStore.headPosition(), 60_000)).to.equal(true);
    } finally {
      await publisher.stop();
      await bus.close();
    }
    const log = await readWholeLog(events.eventStore);
    expect(log).to.have.length(1_500);
    expect(await checkpoints.get('nats-publisher')).to.equal(1_500);
    await expectEachEventOnce(nats.url, log);
  });

  it('stops while the bus is down, giving up its publish and leaving the checkpoint before the unacknowledged events', async () => {
    await appendEvents(events.eventStore, 120);
    const bus = await NatsMessageBus.connect({ servers: nats.url, reconnectTimeWaitMs: 50, publishTimeoutMs: 300 });
    const logger = recordingLogger();
    const publisher = new BusPublisher({ eventStore: events.eventStore, bus, checkpoints, batchSize: 50, logger });
    try {
      await nats.stop();
      await publisher.start();
      await until(async () => bus.stats.retried > 0, 30_000, 'a publish retried while the bus is down');
      await publisher.stop();
      expect(await checkpoints.get('nats-publisher')).to.equal(0);
      expect(publisher.positions()).to.deep.equal({ 'nats-publisher': 0 });
      expect(logger.entries.filter((entry) => entry.level === 'error')).to.deep.equal([]);
    } finally {
      await bus.close();
    }
    // Nothing is lost: the next start publishes the batch again.
    await nats.restart();
    const again = await NatsMessageBus.connect({ servers: nats.url });
    const next = new BusPublisher({ eventStore: events.eventStore, bus: again, checkpoints, batchSize: 50 });
    await next.start();
    try {
      expect(await next.waitForPosition(120, 30_000)).to.equal(true);
    } finally {
      await next.stop();
      await again.close();
    }
    await expectEachEventOnce(nats.url, await readWholeLog(events.eventStore));
  });

  it('refuses to start when its checkpoint is past the head of the log, naming it, both positions and what to do', async () => {
    await appendEvents(events.eventStore, 10);
    await checkpoints.advance('nats-publisher', 40);
    const bus = await NatsMessageBus.connect({ servers: nats.url });
    const publisher = new BusPublisher({ eventStore: events.eventStore, bus, checkpoints });
    let error: unknown;
    try {
      await publisher.start();
    } catch (caught) {
      error = caught;
    } finally {
      await publisher.stop();
      await bus.close();
    }
    expect(error).to.be.instanceOf(CheckpointAheadOfLog);
    expect(error).to.include({ code: 'checkpoint-ahead-of-log', consumer: 'publisher nats-publisher', checkpoint: 40, head: 10 });
    expect((error as Error).message).to.contain('publisher nats-publisher has checkpoint 40 but the event log ends at position 10').and.contain('restore the event store');
  });

  it('starts one consumer when start() is called twice at once', async () => {
    await appendEvents(events.eventStore, 100);
    const bus = await NatsMessageBus.connect({ servers: nats.url });
    const observed = observedEventStore(events.eventStore);
    const publisher = new BusPublisher({ eventStore: observed, bus, checkpoints, batchSize: 50 });
    try {
      await Promise.all([publisher.start(), publisher.start()]);
      expect(await publisher.waitForPosition(100, 30_000)).to.equal(true);
    } finally {
      await publisher.stop();
      await bus.close();
    }
    expect(observed.subscriptions).to.deep.equal({ opened: 1, active: 0 });
  });

  it('starts nothing when stopped during start(), and its stop() waits for that start to end', async () => {
    await appendEvents(events.eventStore, 10);
    const bus = await NatsMessageBus.connect({ servers: nats.url });
    const observed = observedEventStore(events.eventStore);
    const publisher = new BusPublisher({ eventStore: observed, bus, checkpoints });
    const settled: string[] = [];
    try {
      const starting = publisher.start().then(() => settled.push('start'));
      await publisher.stop();
      settled.push('stop');
      await starting;
    } finally {
      await bus.close();
    }
    expect(settled, 'the stores may close once stop() resolved').to.deep.equal(['start', 'stop']);
    expect(observed.subscriptions.opened).to.equal(0);
    expect(publisher.positions()).to.deep.equal({});
  });
});
