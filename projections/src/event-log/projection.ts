import type { RecordedEvent } from '@sapien/kernel';
import type { Projection, ProjectionContext } from '@sapien/projection-runtime';
import { fromDbUuid, toDbPkDateTime, toDbUuid } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { chainedRowOf } from './rows.ts';
import { EVENT_LOG_TABLE, createEventLogTable } from './table.ts';

const LOOKUP_CHUNK = 500;
/** Rows per INSERT: well under SQLite's and PostgreSQL's limits on bound parameters. */
const INSERT_CHUNK = 200;

/**
 * `EventLog`: every event, hash-chained per org. An event already in the log (by event id) is
 * skipped, so replaying a batch neither duplicates rows nor forks the chain.
 */
export const eventLogProjection: Projection = {
  name: 'event-log',
  tables: [EVENT_LOG_TABLE],

  createTables: (db: Knex, { dialect, names }: ProjectionContext) => createEventLogTable(db, dialect, names(EVENT_LOG_TABLE)),

  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext): Promise<void> {
    const table = names(EVENT_LOG_TABLE);
    const known = await knownEventIds(trx, table, events);
    const lastHashes = new Map<number, string | null>();
    const rows: Record<string, unknown>[] = [];
    for (const event of events) {
      const id = event.id.toLowerCase();
      if (known.has(id)) continue;
      known.add(id);
      const orgId = event.metadata.orgId;
      const prevHash = lastHashes.has(orgId) ? (lastHashes.get(orgId) ?? null) : await lastHashOf(trx, table, orgId);
      const row = chainedRowOf(event, prevHash);
      rows.push({
        EventId: toDbUuid(row.eventId),
        OrgId: row.orgId,
        EventType: row.eventType,
        StreamId: row.streamId,
        Position: row.position,
        OccurredAt: toDbPkDateTime(event.occurredAt, dialect),
        Actor: row.actor,
        Payload: row.payload,
        PrevHash: row.prevHash,
        Hash: row.hash,
      });
      lastHashes.set(orgId, row.hash);
    }
    // In event order, so EventLogId follows the chain.
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) await trx(table).insert(rows.slice(start, start + INSERT_CHUNK));
  },
};

const lastHashOf = async (trx: Knex.Transaction, table: string, orgId: number): Promise<string | null> => {
  const row: { Hash?: unknown } | undefined = await trx(table)
    .select('Hash')
    .where('OrgId', orgId)
    .orderBy('EventLogId', 'desc')
    .first();
  return typeof row?.Hash === 'string' ? row.Hash : null;
};

/** The ids of the batch's events that are already in the log. */
const knownEventIds = async (
  trx: Knex.Transaction,
  table: string,
  events: readonly RecordedEvent[],
): Promise<Set<string>> => {
  const known = new Set<string>();
  for (let start = 0; start < events.length; start += LOOKUP_CHUNK) {
    const ids = events.slice(start, start + LOOKUP_CHUNK).map((event) => toDbUuid(event.id));
    const rows: { EventId: unknown }[] = await trx(table).select('EventId').whereIn('EventId', ids);
    for (const row of rows) known.add(fromDbUuid(row.EventId).toLowerCase());
  }
  return known;
};
