import type { RecordedEvent } from '@sapien/kernel';
import type { Projection, ProjectionContext } from '@sapien/projection-runtime';
import { fromDbUuid, toDbPkDateTime, toDbUuid } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { LOOKUP_CHUNK, chunksOf, rowsPerInsert } from '../support/chunks.ts';
import { chainHeads } from './heads.ts';
import { chainedRowOf } from './rows.ts';
import { EVENT_LOG_TABLE, createEventLogTable } from './table.ts';

const COLUMNS = 10;

/**
 * `EventLog`: every event, hash-chained per org. An event already in the log (by event id) is
 * skipped, so replaying a batch neither duplicates rows nor forks the chain. A batch costs one
 * lookup of its known ids, one of its orgs' chain heads and one multi-row insert.
 */
export const eventLogProjection: Projection = {
  name: 'event-log',
  tables: [EVENT_LOG_TABLE],

  createTables: (db: Knex, { dialect, names }: ProjectionContext) => createEventLogTable(db, dialect, names(EVENT_LOG_TABLE)),

  async handle(trx: Knex.Transaction, events: readonly RecordedEvent[], { dialect, names }: ProjectionContext): Promise<void> {
    const table = names(EVENT_LOG_TABLE);
    const known = await knownEventIds(trx, table, events);
    const fresh = events.filter((event) => {
      const id = event.id.toLowerCase();
      if (known.has(id)) return false;
      known.add(id);
      return true;
    });
    if (fresh.length === 0) return;
    const lastHashes = await chainHeads(trx, table, [...new Set(fresh.map((event) => event.metadata.orgId))]);
    const rows = fresh.map((event) => {
      const orgId = event.metadata.orgId;
      const row = chainedRowOf(event, lastHashes.get(orgId) ?? null);
      lastHashes.set(orgId, row.hash);
      return {
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
      };
    });
    // In event order, so EventLogId follows the chain.
    for (const chunk of chunksOf(rows, rowsPerInsert(COLUMNS))) await trx(table).insert(chunk);
  },
};

/** The ids of the batch's events that are already in the log. */
const knownEventIds = async (
  trx: Knex.Transaction,
  table: string,
  events: readonly RecordedEvent[],
): Promise<Set<string>> => {
  const known = new Set<string>();
  for (const chunk of chunksOf(events, LOOKUP_CHUNK)) {
    const ids = chunk.map((event) => toDbUuid(event.id));
    const rows: { EventId: unknown }[] = await trx(table).select('EventId').whereIn('EventId', ids);
    for (const row of rows) known.add(fromDbUuid(row.EventId).toLowerCase());
  }
  return known;
};
