import type { EventStore } from '@sapien/event-store';
import type { RecordedEvent } from '@sapien/kernel';
import type { Knex } from 'knex';
import { dropQualifiedTableIfExists, hasQualifiedTable, listQualifiedTables, writeTransaction } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { CheckpointStore } from './checkpoints.ts';
import { ownsTable } from './projection.ts';
import type { Projection, ProjectionContext } from './projection.ts';
import { SHADOW_SUFFIX, shadowName, swapTable } from './swap.ts';

/** `replay`: building beside the live tables; `catch-up`: the last events under the lock; `swapped`: done. */
export type RebuildProgress = Readonly<{ phase: 'replay' | 'catch-up' | 'swapped'; done: number; total: number }>;

export type RebuildOptions = Readonly<{
  eventStore: EventStore;
  store: ReadModelStore;
  projection: Projection;
  onProgress?: (progress: RebuildProgress) => void;
  /** Events per read and per transaction (default 500). */
  batchSize?: number;
}>;

export type RebuildResult = Readonly<{ position: number; events: number; tables: readonly string[] }>;

/** Reads and applies every event after `after` (up to `until` when given) in batches; returns the last position. */
const replay = async (
  eventStore: EventStore,
  after: number,
  batchSize: number,
  apply: (events: readonly RecordedEvent[]) => Promise<void>,
  until = Number.POSITIVE_INFINITY,
): Promise<Readonly<{ position: number; events: number }>> => {
  let position = after;
  let events = 0;
  while (position < until) {
    // Positions are gap-free, so this many events reach `until` and no further.
    const batch = await eventStore.readAll({ after: position, maxCount: Math.min(batchSize, until - position) });
    const last = batch.at(-1);
    if (last === undefined) return { position, events };
    await apply(batch);
    position = last.position;
    events += batch.length;
  }
  return { position, events };
};

/** Drops the shadow tables an interrupted rebuild may have left, the dynamic ones included. */
const dropLeftovers = async (store: ReadModelStore, projection: Projection): Promise<void> => {
  for (const name of await listQualifiedTables(store.db, store.dialect)) {
    if (name.endsWith(SHADOW_SUFFIX) && ownsTable(projection, name.slice(0, -SHADOW_SUFFIX.length))) {
      await dropQualifiedTableIfExists(store.db, name);
    }
  }
};

/** Tables the projection owns that the rebuild did not produce: a fresh projection would not have them. */
const dropStale = async (trx: Knex.Transaction, store: ReadModelStore, projection: Projection, rebuilt: ReadonlySet<string>): Promise<void> => {
  for (const name of await listQualifiedTables(trx, store.dialect)) {
    if (!name.endsWith(SHADOW_SUFFIX) && !rebuilt.has(name) && ownsTable(projection, name)) await dropQualifiedTableIfExists(trx, name);
  }
};

/**
 * Rebuilds a projection from the whole log beside its live tables, then swaps, while the API keeps
 * reading the live ones and the live runner keeps projecting. The tables are built under shadow
 * names (`Org.Orgs__rebuild`); the log is replayed in batches; then one transaction takes the live
 * checkpoint's lock (PostgreSQL `FOR UPDATE`: the live runner waits at its next batch; SQLite: the
 * write lock), applies the last events, swaps every table and sets the checkpoint to the rebuilt
 * position. The live runner then goes on from there, leaving out events the rebuild covered.
 */
export const rebuildProjection = async (options: RebuildOptions): Promise<RebuildResult> => {
  const { eventStore, store, projection } = options;
  const batchSize = options.batchSize ?? 500;
  const report = options.onProgress ?? (() => undefined);
  const checkpoints = await CheckpointStore.open(store);
  const rebuilt = new Set<string>(projection.tables);
  const context: ProjectionContext = {
    dialect: store.dialect,
    names: (logical) => {
      if (!ownsTable(projection, logical)) return logical;
      rebuilt.add(logical);
      return shadowName(logical);
    },
  };

  await dropLeftovers(store, projection);
  await projection.createTables(store.db, context);

  let total = await eventStore.headPosition();
  report({ phase: 'replay', done: 0, total });
  const replayed = await replay(eventStore, 0, batchSize, async (events) => {
    await writeTransaction(store, (trx) => projection.handle(trx, events, context));
    const position = events.at(-1)?.position ?? 0;
    total = Math.max(total, position);
    report({ phase: 'replay', done: position, total });
  });

  const final = await writeTransaction(store, async (trx) => {
    await checkpoints.lock(trx, projection.name);
    // Up to the head as it is now, not a moving one: appends go on, and the live runner takes them after the swap.
    const head = await eventStore.headPosition();
    const caughtUp = await replay(eventStore, replayed.position, batchSize, (events) => projection.handle(trx, events, context), head);
    report({ phase: 'catch-up', done: caughtUp.position, total: caughtUp.position });
    for (const logical of rebuilt) {
      if (await hasQualifiedTable(trx, store.dialect, shadowName(logical))) await swapTable(trx, store.dialect, logical);
    }
    await dropStale(trx, store, projection, rebuilt);
    await checkpoints.save(trx, projection.name, caughtUp.position);
    return caughtUp;
  });

  report({ phase: 'swapped', done: final.position, total: final.position });
  return { position: final.position, events: replayed.events + final.events, tables: [...rebuilt].sort() };
};
