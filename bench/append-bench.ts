import type { Knex } from 'knex';
import type { EventStore, ExpectedRevision } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { NewEvent } from '@sapien/kernel';
import { orgStreamId } from '@sapien/organisations';
import type { DbKind } from './databases.ts';
import { withBenchDatabase } from './databases.ts';
import type { AppendSizes } from './options.ts';
import { OrgEventSource } from './org-events.ts';
import { progress } from './progress.ts';
import { insertRows } from './raw-insert.ts';
import { RAW_EVENTS_TABLE, RAW_EVENT_COLUMNS, createRawEventsTable } from './raw-tables.ts';
import type { BenchSection, ResultRow } from './results.ts';
import type { RoundOptions } from './rounds.ts';
import { measurePaired } from './rounds.ts';
import { perSecond } from './stats.ts';

type PlannedAppend = Readonly<{ streamId: string; events: readonly NewEvent[]; expected: ExpectedRevision }>;

/**
 * The appends of one round: `events` events in batches of `batchSize` to `streams` fresh org
 * streams, round robin, each with the exact expected revision the API would pass.
 */
const planAppends = (source: OrgEventSource, firstOrg: number, streams: number, events: number, batchSize: number): PlannedAppend[] => {
  const plan: PlannedAppend[] = [];
  for (let start = 0, index = 0; start < events; start += batchSize, index++) {
    const orgId = firstOrg + (index % streams);
    const streamId = orgStreamId(orgId);
    const size = Math.min(batchSize, events - start);
    const batch = Array.from({ length: size }, () => source.next(orgId));
    plan.push({ streamId, events: batch, expected: source.takeRevision(streamId, size) });
  }
  return plan;
};

const eventsIn = (plan: readonly PlannedAppend[]): number => plan.reduce((sum, append) => sum + append.events.length, 0);

const timeAppends = async (plan: readonly PlannedAppend[], append: (planned: PlannedAppend) => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  for (const planned of plan) await append(planned);
  return perSecond(eventsIn(plan), performance.now() - start);
};

/** The baseline: the same rows, serialised the same way, as one plain multi-row insert per batch. */
const rawAppender = (db: Knex) => {
  let position = 0;
  return async (planned: PlannedAppend): Promise<void> => {
    const first = planned.expected === 'no_stream' ? 0 : Number(planned.expected) + 1;
    const rows = planned.events.map((event, index) => [
      ++position,
      event.id.toLowerCase(),
      planned.streamId,
      first + index,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      event.occurredAt,
    ]);
    await insertRows(db, RAW_EVENTS_TABLE, RAW_EVENT_COLUMNS, rows);
  };
};

const storeAppender =
  (store: EventStore) =>
  (planned: PlannedAppend): Promise<unknown> =>
    store.appendToStream(planned.streamId, planned.events, { expectedRevision: planned.expected });

const BATCHES = [1, 100] as const;

/** Append throughput of the SQL event store against a raw insert of the same rows, on one database. */
export const runAppendBench = (kind: DbKind, sizes: AppendSizes, rounds: RoundOptions): Promise<BenchSection> =>
  withBenchDatabase(kind, 'append', async (database) => {
    const store = await openSqlEventStore(database.eventStoreUrl);
    const raw = database.rawEventsDb();
    try {
      await createRawEventsTable(raw, kind);
      const appendRaw = rawAppender(raw);
      const appendStore = storeAppender(store);
      const source = new OrgEventSource(1);
      let nextOrg = 1;
      const rows: ResultRow[] = [];
      const details: string[] = [];
      for (const batchSize of BATCHES) {
        const events = batchSize === 1 ? sizes.eventsBatch1 : sizes.eventsBatch100;
        const plans = new Map<number, PlannedAppend[]>();
        // Both sides of a round write the same rows; each round goes to fresh streams.
        const planFor = (round: number): PlannedAppend[] => {
          let plan = plans.get(round);
          if (plan === undefined) {
            plan = planAppends(source, nextOrg, sizes.streams, events, batchSize);
            nextOrg += sizes.streams;
            plans.set(round, plan);
          }
          return plan;
        };
        progress(`append ${kind}: batch ${batchSize}, ${events} events × ${rounds.warmups + rounds.rounds} rounds`);
        const measured = await measurePaired(
          rounds,
          (round) => timeAppends(planFor(round), appendStore),
          (round) => timeAppends(planFor(round), appendRaw),
        );
        const ratio = measured.result / measured.baseline;
        rows.push({
          case: `append, batch ${batchSize}`,
          db: kind,
          unit: 'events/s',
          result: measured.result,
          baseline: measured.baseline,
          baselineName: 'raw insert',
          ...(batchSize === 100 ? { target: { text: 'ratio ≥ 0.50', met: ratio >= 0.5 } } : {}),
        });
        const rate = (values: readonly number[]): string => values.map((value) => Math.round(value).toLocaleString('en-US')).join(', ');
        details.push(
          `append, batch ${batchSize}, ${kind}: ${events} events to ${sizes.streams} streams per round; ` +
            `store rounds [${rate(measured.results)}] events/s, raw insert rounds [${rate(measured.baselines)}] events/s`,
        );
      }
      return { title: `append (${kind})`, rows, details };
    } finally {
      await raw.destroy();
      await store.close();
    }
  });
