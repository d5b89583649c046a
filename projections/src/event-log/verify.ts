import type { Dialect } from '@sapien/read-model-sql';
import { fromDbPkDateTime, fromDbUuid } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { dialectOf } from '../support/dialect-of.ts';
import { toNumber } from '../support/numbers.ts';
import { eventLogHash, type ChainedFields } from './hash.ts';
import { EVENT_LOG_TABLE } from './table.ts';

export type ChainVerification =
  | Readonly<{ ok: true; orgId: number; rows: number; lastHash: string | null }>
  | Readonly<{
      ok: false;
      orgId: number;
      /** Rows checked before the broken one. */
      rows: number;
      eventLogId: number;
      eventId: string;
      /** `hash-mismatch`: the row was altered; `broken-link`: a row before it was altered, removed or inserted. */
      reason: 'hash-mismatch' | 'broken-link';
    }>;

export type VerifyOptions = Readonly<{ dialect?: Dialect; table?: string; pageSize?: number }>;

/**
 * Walks an org's EventLog chain in id order and recomputes every hash. Detects any altered,
 * removed or inserted row but the removal of the newest rows (compare `rows` with the store for that).
 */
export const verifyEventLogChain = async (db: Knex, orgId: number, options: VerifyOptions = {}): Promise<ChainVerification> => {
  const dialect = options.dialect ?? dialectOf(db);
  const table = options.table ?? EVENT_LOG_TABLE;
  const pageSize = options.pageSize ?? 1000;
  let previous: string | null = null;
  let rows = 0;
  let after = 0;
  for (;;) {
    const page: Record<string, unknown>[] = await db(table)
      .where('OrgId', orgId)
      .andWhere('EventLogId', '>', after)
      .orderBy('EventLogId', 'asc')
      .limit(pageSize);
    for (const row of page) {
      const eventLogId = toNumber(row.EventLogId);
      const fields = fieldsOf(row, dialect);
      const broken = (reason: 'hash-mismatch' | 'broken-link'): ChainVerification => ({
        ok: false,
        orgId,
        rows,
        eventLogId,
        eventId: fields.eventId,
        reason,
      });
      if (fields.prevHash !== previous) return broken('broken-link');
      if (eventLogHash(fields) !== row.Hash) return broken('hash-mismatch');
      previous = String(row.Hash);
      rows += 1;
      after = eventLogId;
    }
    if (page.length < pageSize) return { ok: true, orgId, rows, lastHash: previous };
  }
};

const fieldsOf = (row: Record<string, unknown>, dialect: Dialect): ChainedFields => ({
  eventId: fromDbUuid(row.EventId),
  orgId: toNumber(row.OrgId),
  eventType: String(row.EventType),
  streamId: String(row.StreamId),
  position: toNumber(row.Position),
  occurredAt: fromDbPkDateTime(row.OccurredAt, dialect),
  actor: String(row.Actor),
  payload: String(row.Payload),
  prevHash: typeof row.PrevHash === 'string' ? row.PrevHash : null,
});
