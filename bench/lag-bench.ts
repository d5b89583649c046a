import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { parseSapienEventPayload } from '@sapien/message-bus';
import { NatsMessageBus } from '@sapien/message-bus-nats';
import { orgStreamId } from '@sapien/organisations';
import { NATS_URL, uniqueName } from '@sapien/testing';
import { Cleanup } from './cleanup.ts';
import { withBenchDatabase } from './databases.ts';
import { DirectDeliveries, directPublishLatencies, rawInsertLatencies } from './lag-baselines.ts';
import { LagProbe } from './lag-probe.ts';
import { InFlight, offerAtRate } from './offer.ts';
import type { LagSizes } from './options.ts';
import { OrgEventSource } from './org-events.ts';
import { progress } from './progress.ts';
import { startProjector } from './projector.ts';
import type { BenchSection, ResultRow } from './results.ts';
import type { LatencySummary } from './stats.ts';
import { perSecond, summarise } from './stats.ts';

const CATCH_UP_LIMIT_MS = 60_000;

/** Offers `count` org events, one per append, round robin over the org streams, at `rate`. */
const offerEvents = async (
  api: EventStore,
  source: OrgEventSource,
  sizes: LagSizes,
  count: number,
  first: number,
  probe: LagProbe,
): Promise<number> => {
  const inFlight = new InFlight();
  // Appends to one stream wait for the one before, so each can name its exact expected revision.
  const tails = new Map<string, Promise<unknown>>();
  const start = performance.now();
  await offerAtRate(count, sizes.rate, (index) => {
    const orgId = 1 + ((first + index) % sizes.orgs);
    const streamId = orgStreamId(orgId);
    const event = source.next(orgId);
    const expectedRevision = source.takeRevision(streamId, 1);
    const append = (tails.get(streamId) ?? Promise.resolve()).then(async () => {
      const calledAt = performance.now();
      const result = await api.appendToStream(streamId, [event], { expectedRevision });
      probe.appended(result.position, calledAt, performance.now(), CATCH_UP_LIMIT_MS);
    });
    tails.set(streamId, append);
    inFlight.track(append);
  });
  await inFlight.settled();
  return performance.now() - start;
};

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const summary = (latencies: LatencySummary): string =>
  `p50 ${ms(latencies.p50)}, p99 ${ms(latencies.p99)}, max ${ms(latencies.max)} (n = ${latencies.count})`;

/**
 * End-to-end lag on PostgreSQL at a fixed offered rate: append → read-model rows committed (both
 * org projections), and append → delivery to a JetStream subscriber in this process. The runner and
 * the publisher run beside the appends (in a process of their own by default, as deployed) on an
 * event store connection of their own, woken by LISTEN/NOTIFY.
 */
export const runLagBench = (sizes: LagSizes): Promise<BenchSection> =>
  withBenchDatabase('postgres', 'lag', async (database) => {
    const cleanup = new Cleanup();
    try {
      const api = await openSqlEventStore(database.eventStoreUrl);
      cleanup.add(() => api.close());
      const raw = database.rawEventsDb();
      cleanup.add(() => raw.destroy());

      const stream = uniqueName('sapien_bench').toUpperCase();
      const prefix = stream.toLowerCase();
      const busOptions = { servers: NATS_URL, stream, subjects: [`${prefix}.>`] };
      const publisherBus = await NatsMessageBus.connect({ ...busOptions, name: 'sapien-bench-publisher' });
      cleanup.add(() => publisherBus.close());
      cleanup.add(async () => (await publisherBus.connection.jetstreamManager()).streams.delete(stream));
      const subscriberBus = await NatsMessageBus.connect({ ...busOptions, name: 'sapien-bench-subscriber' });
      cleanup.add(() => subscriberBus.close());

      const projector = await startProjector(sizes.projector, {
        eventStoreUrl: database.eventStoreUrl,
        readModelUrl: database.readModelUrl('read'),
        natsUrl: NATS_URL,
        stream,
        prefix,
      });
      cleanup.add(() => projector.stop());

      const probe = new LagProbe((position, timeoutMs) => projector.waitForPosition(position, timeoutMs));
      const direct = new DirectDeliveries();
      let probeSeen = false;
      const listening = new AbortController();
      const subscription = (async () => {
        for await (const message of subscriberBus.subscribe({ subject: `${prefix}.>`, signal: listening.signal })) {
          const receivedAt = performance.now();
          if (message.subject.startsWith(`${prefix}.sapien.`)) probe.delivered(parseSapienEventPayload(message.payload).position, receivedAt);
          else if (message.subject === `${prefix}.direct`) direct.received(message.id, receivedAt);
          else probeSeen = true;
        }
      })();
      cleanup.add(async () => {
        listening.abort();
        await subscription;
      });
      // The consumer delivers only messages published after it exists: wait until it does.
      for (let attempt = 0; !probeSeen; attempt++) {
        if (attempt === 200) throw new Error('the JetStream subscriber never received its probe');
        await publisherBus.publish([{ subject: `${prefix}.probe`, id: uniqueName('probe'), payload: new Uint8Array() }]);
        await sleep(50);
      }

      const source = new OrgEventSource(3);
      const warmup = Math.max(1, Math.round(sizes.rate * sizes.warmupSeconds));
      progress(`lag postgres: warm-up, ${warmup} events at ${sizes.rate}/s`);
      await offerEvents(api, source, sizes, warmup, 0, probe);
      probe.measuredAfter = await api.headPosition();
      await projector.waitForPosition(probe.measuredAfter, CATCH_UP_LIMIT_MS);
      await probe.untilDelivered(probe.measuredAfter, CATCH_UP_LIMIT_MS);

      const count = Math.round(sizes.rate * sizes.seconds);
      progress(`lag postgres: offering ${count} events at ${sizes.rate}/s (${sizes.seconds} s)`);
      const elapsed = await offerEvents(api, source, sizes, count, warmup, probe);
      const head = await api.headPosition();
      if (!(await projector.waitForPosition(head, CATCH_UP_LIMIT_MS))) throw new Error(`the projections did not reach ${head}`);
      await probe.untilDelivered(head, CATCH_UP_LIMIT_MS);
      await sleep(10); // lets the last waitForPosition callbacks record their lag
      if (probe.readModel.length !== count || probe.nats.length !== count) {
        throw new Error(`measured ${probe.readModel.length} read-model lags (${probe.readModelTimeouts} timed out) and ${probe.nats.length} NATS lags of ${count} events`);
      }

      const baselineCount = Math.max(1, Math.round(sizes.rate * sizes.baselineSeconds));
      progress(`lag postgres: baselines, ${baselineCount} raw inserts and ${baselineCount} direct publishes at ${sizes.rate}/s`);
      const samples = await api.readAll({ after: probe.measuredAfter, maxCount: 1_000 });
      const rawInsert = summarise(await rawInsertLatencies(raw, samples, sizes.rate, baselineCount));
      const directPublish = summarise(await directPublishLatencies(publisherBus, `${prefix}.direct`, samples, direct, sizes.rate, baselineCount));

      const achieved = perSecond(count, elapsed);
      const placement = sizes.projector === 'process' ? 'projector in its own process, its notice sent over IPC' : 'projector in the benchmark process';
      const readModel = summarise(probe.readModel);
      const nats = summarise(probe.nats);
      const row = (name: string, result: number, baseline: number, baselineName: string): ResultRow => ({
        case: name,
        db: 'postgres',
        unit: 'ms',
        result,
        baseline,
        baselineName,
      });
      return {
        title: 'lag (postgres)',
        rows: [
          {
            case: 'lag offered rate',
            db: 'postgres',
            unit: 'events/s',
            result: achieved,
            baseline: sizes.rate,
            baselineName: 'offered',
            target: { text: 'ratio ≥ 0.99', met: achieved >= 0.99 * sizes.rate },
          },
          row('lag append→read model p50', readModel.p50, rawInsert.p50, 'raw insert p50'),
          {
            ...row('lag append→read model p99', readModel.p99, rawInsert.p99, 'raw insert p99'),
            // The target holds at the offered rate: lag measured at a rate the store could not take does not count.
            target: { text: `< 50 ms, at ≥ 99 % of ${sizes.rate}/s`, met: readModel.p99 < 50 && achieved >= 0.99 * sizes.rate },
          },
          row('lag append→NATS p50', nats.p50, directPublish.p50, 'direct publish p50'),
          row('lag append→NATS p99', nats.p99, directPublish.p99, 'direct publish p99'),
        ],
        details: [
          `lag, postgres: offered ${count} events at ${sizes.rate}/s, one event per append, round robin over ${sizes.orgs} org streams, ` +
            `after ${warmup} warm-up events; all appended at ${achieved.toFixed(1)} events/s; append call→return ${summary(summarise(probe.appendLatency))}`,
          `append→read model (append returned → the runner's waitForPosition resolved: Org.Orgs and EventLog committed; ${placement}): ${summary(readModel)}`,
          `append→NATS (append returned → a JetStream ordered consumer in this process received it): ${summary(nats)}`,
          `baselines at ${sizes.rate}/s for ${baselineCount} messages: raw single-row insert call→return ${summary(rawInsert)}; ` +
            `direct JetStream publish call→delivery ${summary(directPublish)}`,
        ],
      };
    } finally {
      await cleanup.run();
    }
  });
