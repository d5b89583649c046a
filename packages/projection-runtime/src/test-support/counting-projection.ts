import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedEvent } from '@sapien/kernel';
import type { Knex } from 'knex';
import { createQualifiedTableIfMissing, quoteTableName, splitTableName, toDbUuid, uuidColumn } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import type { Projection, ProjectionContext } from '../projection.ts';

export const EVENTS_TABLE = 'Org.ProjectedEvents';
export const COUNTS_TABLE = 'Org.StreamCounts';

/**
 * A projection for the runtime's tests: one row per event (primary key on the event id and a
 * unique position, so applying an event twice fails loudly) and a count per stream.
 */
export const countingProjection = (options: Readonly<{ name?: string; delayMs?: number }> = {}): Projection => ({
  name: options.name ?? 'counting',
  tables: [EVENTS_TABLE, COUNTS_TABLE],
  async createTables(db: Knex, { dialect, names }: ProjectionContext) {
    await createQualifiedTableIfMissing(db, dialect, names(EVENTS_TABLE), (table) => {
      uuidColumn(table, 'EventId', dialect).primary();
      table.bigInteger('Position').notNullable().unique();
      table.string('StreamId', 100).notNullable();
    });
    await createQualifiedTableIfMissing(db, dialect, names(COUNTS_TABLE), (table) => {
      table.string('StreamId', 100).primary();
      table.integer('Count').notNullable();
    });
  },
  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { names }: ProjectionContext) {
    await trx(names(EVENTS_TABLE)).insert(events.map((event) => ({ EventId: toDbUuid(event.id), Position: event.position, StreamId: event.streamId })));
    const perStream = new Map<string, number>();
    for (const event of events) perStream.set(event.streamId, (perStream.get(event.streamId) ?? 0) + 1);
    const counts = names(COUNTS_TABLE);
    const { table } = splitTableName(counts);
    for (const [streamId, count] of perStream) {
      await trx.raw(
        `insert into ${quoteTableName(counts)} ("StreamId", "Count") values (?, ?)
         on conflict ("StreamId") do update set "Count" = "${table}"."Count" + excluded."Count"`,
        [streamId, count],
      );
    }
    if (options.delayMs !== undefined) await sleep(options.delayMs);
  },
});

export type ProjectedState = Readonly<{
  rows: number;
  distinctIds: number;
  minPosition: number;
  maxPosition: number;
  counted: number;
  countsByStream: Record<string, number>;
}>;

/** What the counting projection's live tables hold. */
export const readProjected = async (store: ReadModelStore): Promise<ProjectedState> => {
  const [summary] = (await store
    .db(EVENTS_TABLE)
    .select(
      store.db.raw('count(*) as ??', ['rows']),
      store.db.raw('count(distinct ??) as ??', ['EventId', 'distinctIds']),
      store.db.raw('min(??) as ??', ['Position', 'minPosition']),
      store.db.raw('max(??) as ??', ['Position', 'maxPosition']),
    )) as Record<string, number | null>[];
  const counts = (await store.db(COUNTS_TABLE).select('StreamId', 'Count')) as { StreamId: string; Count: number }[];
  return {
    rows: Number(summary?.rows ?? 0),
    distinctIds: Number(summary?.distinctIds ?? 0),
    minPosition: Number(summary?.minPosition ?? 0),
    maxPosition: Number(summary?.maxPosition ?? 0),
    counted: counts.reduce((sum, row) => sum + Number(row.Count), 0),
    countsByStream: Object.fromEntries(counts.map((row) => [row.StreamId, Number(row.Count)])),
  };
};

/** What a fresh projection of these events holds: every event once, counted by stream. */
export const expectedState = (events: readonly RecordedEvent[]): ProjectedState => {
  const countsByStream: Record<string, number> = {};
  for (const event of events) countsByStream[event.streamId] = (countsByStream[event.streamId] ?? 0) + 1;
  return {
    rows: events.length,
    distinctIds: events.length,
    minPosition: events[0]?.position ?? 0,
    maxPosition: events.at(-1)?.position ?? 0,
    counted: events.length,
    countsByStream,
  };
};
