import { expect } from 'chai';
import { MessageBusClosedError } from '@sapien/message-bus';
import { NATS_URL, requireNats } from '@sapien/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageType, nanos } from 'nats';
import { NatsMessageBus } from './nats-message-bus.ts';
import type { NatsMessageBusOptions } from './nats-message-bus.ts';
import { deleteStream, messageOn, take, uniqueStream } from './nats-test-support.ts';

describe('NatsMessageBus', () => {
  const open: NatsMessageBus[] = [];
  const streams: string[] = [];

  before(requireNats);

  after(async () => {
    for (const bus of open) await bus.close();
    for (const stream of streams) await deleteStream(NATS_URL, stream);
  });

  /** A bus on its own stream and subject prefix. */
  const busOnFreshStream = async (options: Partial<NatsMessageBusOptions> = {}) => {
    const names = uniqueStream();
    streams.push(names.stream);
    const bus = await NatsMessageBus.connect({ servers: NATS_URL, stream: names.stream, subjects: names.subjects, ...options });
    open.push(bus);
    return { bus, ...names };
  };

  describe('connect', () => {
    it('creates the stream when it is missing, with file storage and a 10 minute duplicate window', async () => {
      const { bus, stream, subjects } = await busOnFreshStream();
      const info = await (await bus.connection.jetstreamManager()).streams.info(stream);
      expect(info.config.subjects).to.deep.equal(subjects);
      expect(info.config.storage).to.equal(StorageType.File);
      expect(info.config.duplicate_window).to.equal(nanos(10 * 60_000));
    });
  });

  describe('publish', () => {
    it('stores a message published twice with the same id once, answering duplicate', async () => {
      const { bus, stream, prefix } = await busOnFreshStream();
      const [first] = await bus.publish([messageOn(prefix, 'event-1')]);
      const [second] = await bus.publish([messageOn(prefix, 'event-1')]);
      expect(first).to.deep.equal({ sequence: 1, duplicate: false });
      expect(second).to.deep.equal({ sequence: 1, duplicate: true });
      const info = await (await bus.connection.jetstreamManager()).streams.info(stream);
      expect(info.state.messages).to.equal(1);
    });

    it('keeps the order of publication in its results and in the stream', async () => {
      const { bus, prefix } = await busOnFreshStream({ maxInFlight: 32 });
      const messages = Array.from({ length: 500 }, (_, i) => messageOn(prefix, `event-${i}`));
      const results = await bus.publish(messages);
      expect(results.map((result) => result.sequence)).to.deep.equal(messages.map((_, i) => i + 1));
      const stored = await take(bus.subscribe({ subject: `${prefix}.>`, fromStart: true }), messages.length);
      expect(stored.map((m) => m.id)).to.deep.equal(messages.map((m) => m.id));
    });

    it('never has more acks in flight than maxInFlight', async () => {
      const { bus, prefix } = await busOnFreshStream({ maxInFlight: 64 });
      const messages = Array.from({ length: 5000 }, (_, i) => messageOn(prefix, `event-${i}`));
      const results = await bus.publish(messages);
      expect(results).to.have.length(5000);
      expect(bus.stats.maxObservedInFlight).to.equal(64); // the window was used, and never exceeded
      expect(bus.stats.inFlight).to.equal(0);
    });

    it('holds the window across concurrent publish calls', async () => {
      const { bus, prefix } = await busOnFreshStream({ maxInFlight: 16 });
      const batches = [0, 1, 2, 3].map((batch) =>
        bus.publish(Array.from({ length: 200 }, (_, i) => messageOn(prefix, `event-${batch}-${i}`))),
      );
      const results = (await Promise.all(batches)).flat();
      expect(new Set(results.map((result) => result.sequence)).size).to.equal(800);
      expect(bus.stats.maxObservedInFlight).to.equal(16);
    });

    it('passes headers along with the message id', async () => {
      const { bus, prefix } = await busOnFreshStream();
      const subscription = bus.subscribe({ subject: `${prefix}.>`, fromStart: true });
      await bus.publish([{ ...messageOn(prefix, 'event-h'), headers: { 'Content-Type': 'application/json' } }]);
      const [received] = await take(subscription, 1);
      expect(received?.headers).to.include({ 'Nats-Msg-Id': 'event-h', 'Content-Type': 'application/json' });
    });

    it('keeps retrying a message no stream answers for, until the bus closes and publish rejects', async () => {
      const { bus } = await busOnFreshStream({ publishTimeoutMs: 500 });
      const publishing = bus.publish([messageOn('sapien_test_nowhere', 'event-x')]).then(
        () => undefined,
        (error: unknown) => error,
      );
      while (bus.stats.retried < 2) await sleep(20);
      await bus.close();
      expect(await publishing).to.be.instanceOf(MessageBusClosedError);
    });

    it('refuses to publish once closed', async () => {
      const { bus, prefix } = await busOnFreshStream();
      await bus.close();
      let failure: unknown;
      await bus.publish([messageOn(prefix, 'event-1')]).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(MessageBusClosedError);
    });
  });

  describe('subscribe', () => {
    it('delivers stored messages from the start with their id and stream sequence', async () => {
      const { bus, prefix } = await busOnFreshStream();
      await bus.publish([messageOn(prefix, 'a'), messageOn(prefix, 'b', 'OrgRenamed'), messageOn(prefix, 'c')]);
      const received = await take(bus.subscribe({ subject: `${prefix}.*.org.OrgCreated`, fromStart: true }), 2);
      expect(received.map((m) => [m.id, m.sequence, m.subject])).to.deep.equal([
        ['a', 1, `${prefix}.1.org.OrgCreated`],
        ['c', 3, `${prefix}.1.org.OrgCreated`],
      ]);
      expect(JSON.parse(new TextDecoder().decode(received[0]?.payload))).to.deep.equal({ id: 'a' });
    });

    it('delivers only new messages without fromStart', async () => {
      const { bus, stream, prefix } = await busOnFreshStream();
      await bus.publish([messageOn(prefix, 'old')]);
      const iterator = bus.subscribe({ subject: `${prefix}.>` })[Symbol.asyncIterator]();
      const next = iterator.next();
      // The consumer is created when iteration begins; publish once the server has it.
      const jsm = await bus.connection.jetstreamManager();
      while ((await jsm.consumers.list(stream).next()).length === 0) await sleep(10);
      await bus.publish([messageOn(prefix, 'new')]);
      expect((await next).value).to.have.property('id', 'new');
      await iterator.return?.();
    });

    it('ends when its signal is aborted', async () => {
      const { bus, prefix } = await busOnFreshStream();
      await bus.publish([messageOn(prefix, 'a')]);
      const controller = new AbortController();
      const ids: (string | undefined)[] = [];
      for await (const received of bus.subscribe({ subject: `${prefix}.>`, fromStart: true, signal: controller.signal })) {
        ids.push(received.id);
        controller.abort();
      }
      expect(ids).to.deep.equal(['a']);
    });

    it('ends when the bus is closed', async () => {
      const { bus, prefix } = await busOnFreshStream();
      await bus.publish([messageOn(prefix, 'a')]);
      const ids: (string | undefined)[] = [];
      for await (const received of bus.subscribe({ subject: `${prefix}.>`, fromStart: true })) {
        ids.push(received.id);
        await bus.close();
      }
      expect(ids).to.deep.equal(['a']);
    });
  });

  describe('ping', () => {
    it('answers while connected and fails once closed', async () => {
      const { bus } = await busOnFreshStream();
      await bus.ping();
      await bus.close();
      let failure: unknown;
      await bus.ping().catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(MessageBusClosedError);
    });
  });
});
