import { expect } from 'chai';
import { TestNatsServer, requireNats } from '@sapien/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { EslPublisher, type EslPublisherOptions } from './publisher.ts';
import { readStoredEvents, storedCount, testEvent, waitUntil } from './publishing-test-support.ts';

describe('EslPublisher', () => {
  let server: TestNatsServer;
  let spoolDirectory: string;
  const running: EslPublisher[] = [];

  before(requireNats);

  beforeEach(async () => {
    server = await TestNatsServer.start();
    spoolDirectory = mkdtempSync(join(tmpdir(), 'sapien-esl-spool-'));
  });

  afterEach(async () => {
    for (const publisher of running.splice(0)) await publisher.stop(0);
    await server.dispose();
    rmSync(spoolDirectory, { recursive: true, force: true });
  });

  const startPublisher = async (options: Partial<EslPublisherOptions> = {}): Promise<EslPublisher> => {
    const publisher = new EslPublisher({ servers: server.url, spoolDirectory, ackTimeoutMs: 2000, ...options });
    running.push(publisher);
    await publisher.start();
    return publisher;
  };

  const sequences = async (): Promise<number[]> => (await readStoredEvents(server.url)).map((stored) => stored.event.sequence);
  const oneTo = (count: number): number[] => Array.from({ length: count }, (_, i) => i + 1);

  it('publishes each event on its subject, with <Core-UUID>:<Event-Sequence> as message id and the contract payload', async () => {
    const publisher = await startPublisher();
    const answer = testEvent(1, { body: 'a body\nof two lines' });
    const register = testEvent(3);
    const heartbeat = { node: '', name: 'HEARTBEAT', sequence: 4, coreUuid: 'core-a', timestamp: '2024-05-01T10:00:00.000001Z', headers: {} };
    for (const event of [answer, register, heartbeat]) publisher.publish(event);
    await waitUntil('three events are stored', async () => (await storedCount(server.url)) === 3);

    const stored = await readStoredEvents(server.url);
    expect(stored.map((message) => [message.subject, message.msgId])).to.deep.equal([
      ['esl.events.fs1_example_com.CHANNEL_ANSWER', 'core-a:1'],
      ['esl.events.fs1_example_com.CUSTOM.sofia_register', 'core-a:3'],
      ['esl.events._.HEARTBEAT', 'core-a:4'],
    ]);
    expect(stored.map((message) => message.event)).to.deep.equal([answer, register, heartbeat]);
    expect(publisher.metrics).to.include({ published: 3, dropped: 0 });
  });

  it('tells its observers of each event as JetStream acknowledges it, until they stop observing', async () => {
    const publisher = await startPublisher();
    const seen: [string, string, boolean][] = [];
    const stop = publisher.observeStored((stored) => seen.push([stored.subject, stored.msgId, stored.duplicate]));
    publisher.observeStored(() => {
      throw new Error('an observer that fails stops nothing');
    });
    for (const sequence of [1, 2, 1]) publisher.publish(testEvent(sequence));
    await waitUntil('three acks', async () => seen.length === 3);
    expect(seen.map(([, msgId, duplicate]) => [msgId, duplicate])).to.deep.equal([
      ['core-a:1', false],
      ['core-a:2', false],
      ['core-a:1', true],
    ]);
    expect(seen[0]?.[0]).to.equal('esl.events.fs1_example_com.CHANNEL_ANSWER');
    stop();
    publisher.publish(testEvent(3));
    await waitUntil('the fourth stored', async () => (await storedCount(server.url)) === 3);
    expect(seen).to.have.length(3);
  });

  it('stores an event offered twice (same Core-UUID and sequence) once', async () => {
    const publisher = await startPublisher();
    publisher.publish(testEvent(1));
    publisher.publish(testEvent(2));
    publisher.publish(testEvent(1));
    publisher.publish(testEvent(2, { coreUuid: 'core-b' })); // a restarted FreeSWITCH: a new event
    await waitUntil('every ack came', () => publisher.metrics.published + publisher.metrics.duplicates === 4);
    expect(await storedCount(server.url)).to.equal(3);
    expect(publisher.metrics).to.include({ published: 3, duplicates: 1 });
    expect((await readStoredEvents(server.url)).map((stored) => stored.msgId)).to.deep.equal(['core-a:1', 'core-a:2', 'core-b:2']);
  });

  it('keeps the order of many events through a small window and memory queue, spilling to the spool', async () => {
    const publisher = await startPublisher({ maxInFlight: 4, maxQueued: 50 });
    for (let sequence = 1; sequence <= 3000; sequence++) publisher.publish(testEvent(sequence));
    await waitUntil('3,000 events are stored', async () => (await storedCount(server.url)) === 3000);
    expect(publisher.metrics.spooled).to.be.greaterThan(0);
    expect(await sequences()).to.deep.equal(oneTo(3000));
    await waitUntil('the spool is empty', () => publisher.metrics.spoolPending === 0);
  });

  it('spools events while NATS is unreachable at start, and publishes them once it is there', async () => {
    await server.stop();
    const publisher = await startPublisher();
    for (let sequence = 1; sequence <= 500; sequence++) publisher.publish(testEvent(sequence));
    await waitUntil('the events are spooled', () => publisher.metrics.spoolPending === 500);
    expect(publisher.metrics.state).to.equal('connecting');
    await server.restart();
    await waitUntil('500 events are stored', async () => (await storedCount(server.url)) === 500);
    expect(await sequences()).to.deep.equal(oneTo(500));
  });

  it('drops the oldest events when the spool is full, counting them, and publishes the newest in order', async () => {
    await server.stop();
    const publisher = await startPublisher({ spoolMaxBytes: 40_000, spoolSegmentBytes: 5_000 });
    for (let sequence = 1; sequence <= 1000; sequence++) publisher.publish(testEvent(sequence));
    await waitUntil('every event is spooled or dropped', () => publisher.metrics.spoolPending + publisher.metrics.dropped === 1000);
    const { dropped, spoolPending } = publisher.metrics;
    expect(dropped).to.be.greaterThan(0);
    await server.restart();
    await waitUntil('the spooled events are stored', async () => (await storedCount(server.url)) === spoolPending);
    expect(await sequences()).to.deep.equal(oneTo(spoolPending).map((n) => n + dropped));
  });

  it('leaves what it could not send in the spool at stop, and the next start publishes it, first', async () => {
    await server.stop();
    const first = new EslPublisher({ servers: server.url, spoolDirectory });
    first.publish(testEvent(1)); // before start: kept in memory, then spooled
    await first.start();
    for (let sequence = 2; sequence <= 300; sequence++) first.publish(testEvent(sequence));
    await first.stop(200);
    expect(first.metrics).to.include({ state: 'stopped', spoolPending: 300, published: 0 });
    first.publish(testEvent(999));
    expect(first.metrics.dropped).to.equal(1); // offered after stop

    await server.restart();
    const second = new EslPublisher({ servers: server.url, spoolDirectory });
    second.publish(testEvent(301)); // offered while the spool of the last run is opened
    await second.start();
    running.push(second);
    for (let sequence = 302; sequence <= 400; sequence++) second.publish(testEvent(sequence));
    await waitUntil('400 events are stored', async () => (await storedCount(server.url)) === 400);
    expect(await sequences()).to.deep.equal(oneTo(400));
    await waitUntil('the spool is empty', () => second.metrics.spoolPending === 0);
  });

  it('flushes what it holds before stopping when NATS is there', async () => {
    const publisher = await startPublisher();
    for (let sequence = 1; sequence <= 2000; sequence++) publisher.publish(testEvent(sequence));
    await publisher.stop(20_000);
    expect(publisher.metrics).to.include({ spoolPending: 0, queued: 0, inFlight: 0 });
    expect(await storedCount(server.url)).to.equal(2000);
  });

  it('creates the stream again when it disappears, and goes on in order', async () => {
    const publisher = await startPublisher();
    for (let sequence = 1; sequence <= 100; sequence++) publisher.publish(testEvent(sequence));
    await waitUntil('100 events are stored', async () => (await storedCount(server.url)) === 100);
    const nc = await connect({ servers: server.url });
    await (await nc.jetstreamManager()).streams.delete('ESL_EVENTS');
    await nc.close();
    for (let sequence = 101; sequence <= 200; sequence++) publisher.publish(testEvent(sequence));
    await waitUntil('the later 100 events are stored', async () => (await storedCount(server.url)) === 100);
    expect(await sequences()).to.deep.equal(oneTo(100).map((n) => n + 100));
    expect(publisher.metrics.dropped).to.equal(0);
  });

  it('drops an event NATS refuses as too large, loudly, and publishes the rest in order', async () => {
    const errors: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (_: unknown, message?: string) => void errors.push(String(message)) };
    const publisher = await startPublisher({ logger });
    publisher.publish(testEvent(1));
    publisher.publish(testEvent(2, { body: 'x'.repeat(2 * 1024 * 1024) }));
    publisher.publish(testEvent(3));
    await waitUntil('two events are stored', async () => (await storedCount(server.url)) === 2);
    await waitUntil('the window is empty', () => publisher.metrics.inFlight === 0);
    expect(await sequences()).to.deep.equal([1, 3]);
    expect(publisher.metrics.dropped).to.equal(1);
    expect(errors.some((message) => message.includes('refused'))).to.equal(true);
  });

  it('refuses a second start', async () => {
    const publisher = await startPublisher();
    let failure: unknown;
    await publisher.start().catch((error: unknown) => (failure = error));
    expect(failure).to.have.property('code', 'publisher_already_started');
  });
});
