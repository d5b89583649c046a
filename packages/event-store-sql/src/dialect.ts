import type { Knex } from 'knex';
import type { AppendResult, ExpectedRevision } from '@sapien/event-store';
import type { QueuedAppend } from './append-queue.ts';
import type { UnplacedEventRow } from './rows.ts';
import type { SqlDialectName } from './url.ts';

export const EVENTS_TABLE = 'sapien_events';
export const STREAMS_TABLE = 'sapien_streams';
/** The PostgreSQL channel appends announce themselves on. */
export const EVENTS_CHANNEL = 'sapien_events';

/** An event ready to insert: JSON serialised, the id lower-cased, the instant with six digits. */
export type EventRow = Readonly<{
  position: number;
  eventId: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  occurredAt: string;
}>;

/** What differs between SQLite and PostgreSQL; everything else is shared by the store. */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** Creates the tables when missing; safe to run from several processes at once. */
  migrate(db: Knex): Promise<void>;
  /** Makes the append transaction the only writer, before it reads the head. */
  lockForAppend(trx: Knex.Transaction, streamId: string): Promise<void>;
  /** Inserts the events, moves the stream to the last one and announces the new head. */
  writeEvents(trx: Knex.Transaction, streamId: string, rows: readonly EventRow[]): Promise<void>;
  /**
   * The whole append in one round trip, where the database can (PostgreSQL). Throws
   * ExpectedRevisionConflict or the driver's unique violation; the store then looks the ids up.
   * Without it, the store appends in a transaction: lockForAppend, read, writeEvents.
   */
  appendInOneCall?(db: Knex, streamId: string, rows: readonly UnplacedEventRow[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends that arrived together in one round trip (group commit), where the database can: the
   * result of each written append, undefined for each one to run alone. Without it, the store
   * writes them in one transaction.
   */
  appendBatchInOneCall?(db: Knex, appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]>;
  /** The rows of a raw query's result. */
  rowsOf(result: unknown): Record<string, unknown>[];
  /** A select-list expression giving `occurred_at` as an Instant string. */
  readonly occurredAtColumn: string;
  decodeJson(value: unknown): unknown;
}

/** Splits rows so no statement exceeds the driver's bound-parameter limit. */
export const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/** `(?, ?, …), (?, ?, …)` and its bindings for a multi-row insert of events. */
export const eventValues = (streamId: string, rows: readonly EventRow[]): { sql: string; bindings: (string | number)[] } => {
  const bindings: (string | number)[] = [];
  for (const row of rows) {
    bindings.push(row.position, row.eventId, streamId, row.revision, row.type, row.data, row.metadata, row.occurredAt);
  }
  return { sql: rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', '), bindings };
};

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, occurred_at';
