import type { Knex } from 'knex';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { RecordedEvent } from '@sapien/kernel';
import { DEFAULT_API_RATE_LIMIT, orgStreamId } from '@sapien/organisations';
import { CHECKPOINTS_TABLE, CheckpointStore, DEFAULT_BATCH_SIZE, ProjectionRunner, liveTables } from '@sapien/projection-runtime';
import { EVENT_LOG_TABLE, ORGS_TABLE, eventLogProjection, orgsProjection } from '@sapien/projections';
import { MIGRATIONS_TABLE, dropQualifiedTableIfExists, openReadModelStore, toDbUuid } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import type { BenchDatabase, DbKind } from './databases.ts';
import { withBenchDatabase } from './databases.ts';
import type { ProjectionSizes } from './options.ts';
import { OrgEventSource } from './org-events.ts';
import { progress } from './progress.ts';
import { insertRows } from './raw-insert.ts';
import { RAW_EVENT_LOG_COLUMNS, RAW_EVENT_LOG_TABLE, RAW_ORGS_TABLE, RAW_ORG_COLUMNS, createRawProjectionTables } from './raw-tables.ts';
import type { BenchSection } from './results.ts';
import type { RoundOptions } from './rounds.ts';
import { measurePaired } from './rounds.ts';
import { perSecond } from './stats.ts';

const PROJECTIONS = [orgsProjection, eventLogProjection];
/** Rows per INSERT in the baseline, as the projections write them (at most 500, SQLite's compound-select limit). */
const INSERT_CHUNK = 500;
const CATCH_UP_LIMIT_MS = 300_000;

/**
 * Appends `events` org events over `orgs` orgs in a random order, one event per append as the API
 * appends them, by several appenders at once; each owns a share of the orgs (and a seeded source of
 * its own, so the log is the same every run) and names the exact expected revision. Returns how
 * many orgs were created.
 */
const seedLog = async (eventStore: EventStore, sizes: ProjectionSizes): Promise<number> => {
  const picker = new OrgEventSource(7);
  const queues: number[][] = Array.from({ length: sizes.appenders }, () => []);
  for (let i = 0; i < sizes.events; i++) {
    const orgId = picker.pickOrg(sizes.orgs);
    queues[orgId % sizes.appenders]?.push(orgId);
  }
  await Promise.all(
    queues.map(async (orgIds, appender) => {
      const source = new OrgEventSource(100 + appender);
      for (const orgId of orgIds) {
        const streamId = orgStreamId(orgId);
        const event = source.next(orgId);
        await eventStore.appendToStream(streamId, [event], { expectedRevision: source.takeRevision(streamId, 1) });
      }
    }),
  );
  return new Set(queues.flat()).size;
};

const readWholeLog = async (eventStore: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await eventStore.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 5_000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
};

/** Empties the read model (PostgreSQL keeps it in the events' database across rounds). */
const resetReadModel = async (store: ReadModelStore): Promise<void> => {
  for (const table of [ORGS_TABLE, EVENT_LOG_TABLE, CHECKPOINTS_TABLE, MIGRATIONS_TABLE]) await dropQualifiedTableIfExists(store.db, table);
};

const countRows = async (db: Knex, table: string): Promise<number> => {
  const row: unknown = await db(table).count({ count: '*' }).first();
  return typeof row === 'object' && row !== null && 'count' in row ? Number(row.count) : Number.NaN;
};

/** Runs the org projections from position 0 to the head; events/s. Tables exist before the clock starts. */
const timeProjection = async (eventStore: EventStore, store: ReadModelStore, head: number, orgs: number): Promise<number> => {
  await resetReadModel(store);
  await CheckpointStore.open(store);
  for (const projection of PROJECTIONS) await projection.createTables(store.db, { dialect: store.dialect, names: liveTables });
  const runner = new ProjectionRunner({ eventStore, store, projections: PROJECTIONS });
  const start = performance.now();
  await runner.start();
  const reached = await runner.waitForPosition(head, CATCH_UP_LIMIT_MS);
  const elapsed = performance.now() - start;
  await runner.stop();
  if (!reached) throw new Error(`the projections did not reach position ${head}: ${JSON.stringify(runner.positions())}`);
  // A fast wrong projection is no result: check what it wrote.
  const [orgRows, logRows] = [await countRows(store.db, ORGS_TABLE), await countRows(store.db, EVENT_LOG_TABLE)];
  if (orgRows !== orgs || logRows !== head) throw new Error(`projected ${orgRows} orgs and ${logRows} log rows; expected ${orgs} and ${head}`);
  return perSecond(head, elapsed);
};

const HASH_PLACEHOLDER = '0'.repeat(64);

const text = (data: Readonly<Record<string, unknown>>, key: string, fallback: string): string => {
  const value = data[key];
  return typeof value === 'string' ? value : fallback;
};
const count = (data: Readonly<Record<string, unknown>>, key: string, fallback: number): number => {
  const value = data[key];
  return typeof value === 'number' ? value : fallback;
};

const orgRowOf = (event: RecordedEvent): Knex.Value[] => {
  const data = event.data as Readonly<Record<string, unknown>>;
  return [
    event.metadata.orgId,
    text(data, 'name', ''),
    'active',
    count(data, 'limit', DEFAULT_API_RATE_LIMIT.limit),
    count(data, 'windowSeconds', DEFAULT_API_RATE_LIMIT.windowSeconds),
    event.occurredAt,
    event.occurredAt,
    event.position,
  ];
};

const eventLogRowOf = (event: RecordedEvent): Knex.Value[] => [
  toDbUuid(event.id),
  event.metadata.orgId,
  event.type,
  event.streamId,
  event.position,
  event.occurredAt,
  `${event.metadata.actor.kind}:${event.metadata.actor.id}`,
  JSON.stringify({ data: event.data, metadata: event.metadata }),
  null,
  HASH_PLACEHOLDER,
];

/**
 * The baseline: one row per event into each of two plain tables shaped as Org.Orgs and EventLog,
 * a transaction per runner batch (500 events), 500 rows per INSERT; events/s.
 */
const timeRawInsert = async (store: ReadModelStore, events: readonly RecordedEvent[]): Promise<number> => {
  await createRawProjectionTables(store.db, store.dialect);
  const start = performance.now();
  for (let first = 0; first < events.length; first += DEFAULT_BATCH_SIZE) {
    const batch = events.slice(first, first + DEFAULT_BATCH_SIZE);
    await store.db.transaction(async (trx) => {
      for (let at = 0; at < batch.length; at += INSERT_CHUNK) {
        await insertRows(trx, RAW_ORGS_TABLE, RAW_ORG_COLUMNS, batch.slice(at, at + INSERT_CHUNK).map(orgRowOf));
      }
      for (let at = 0; at < batch.length; at += INSERT_CHUNK) {
        await insertRows(trx, RAW_EVENT_LOG_TABLE, RAW_EVENT_LOG_COLUMNS, batch.slice(at, at + INSERT_CHUNK).map(eventLogRowOf));
      }
    });
  }
  return perSecond(events.length, performance.now() - start);
};

const withReadModel = async <T>(database: BenchDatabase, round: number, work: (store: ReadModelStore) => Promise<T>): Promise<T> => {
  const store = await openReadModelStore(database.readModelUrl(`read-${round}`));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

/** Projection throughput (Org.Orgs + EventLog from 0 to the head) against a raw insert of as many rows. */
export const runProjectionBench = (kind: DbKind, sizes: ProjectionSizes, rounds: RoundOptions): Promise<BenchSection> =>
  withBenchDatabase(kind, 'projection', async (database) => {
    const eventStore = await openSqlEventStore(database.eventStoreUrl);
    try {
      progress(`projection ${kind}: appending ${sizes.events} org events over ${sizes.orgs} orgs`);
      const orgs = await seedLog(eventStore, sizes);
      const events = await readWholeLog(eventStore);
      const head = events.at(-1)?.position ?? 0;
      progress(`projection ${kind}: projecting ${head} events × ${rounds.warmups + rounds.rounds} rounds`);
      const measured = await measurePaired(
        rounds,
        (round) => withReadModel(database, round, (store) => timeProjection(eventStore, store, head, orgs)),
        (round) => withReadModel(database, round, (store) => timeRawInsert(store, events)),
      );
      const rate = (values: readonly number[]): string => values.map((value) => Math.round(value).toLocaleString('en-US')).join(', ');
      const types = new Map<string, number>();
      for (const event of events) types.set(event.type, (types.get(event.type) ?? 0) + 1);
      return {
        title: `projection (${kind})`,
        rows: [
          {
            case: 'projection orgs + event-log',
            db: kind,
            unit: 'events/s',
            result: measured.result,
            baseline: measured.baseline,
            baselineName: 'raw insert',
          },
        ],
        details: [
          `projection, ${kind}: ${head} events (${[...types].map(([type, n]) => `${n} ${type}`).join(', ')}) over ${orgs} orgs; ` +
            `runner rounds [${rate(measured.results)}] events/s, raw insert rounds [${rate(measured.baselines)}] events/s`,
        ],
      };
    } finally {
      await eventStore.close();
    }
  });
