import type { RecordedEvent } from '@sapien/kernel';
import type { Dialect } from '@sapien/read-model-sql';
import type { Knex } from 'knex';

/**
 * Maps a projection's logical table names (`'Org.Orgs'`, `'EventLog'`) to the physical ones it
 * writes this time: the live tables, or the ones built beside them during a rebuild.
 */
export type TableNames = (logical: string) => string;

export type ProjectionContext = Readonly<{ dialect: Dialect; names: TableNames }>;

/**
 * A projection: builds read-model rows from events. The runtime calls `handle` with batches in
 * global-position order inside a transaction that also saves the checkpoint, so a projection never
 * sees an event twice once its transaction committed; `handle` must still be deterministic, since
 * a rolled-back batch is handled again.
 */
export interface Projection {
  /** Stable name: the checkpoint key and the CLI's name for it. */
  readonly name: string;
  /** The logical names of the tables it owns (rebuilt beside and swapped together). */
  readonly tables: readonly string[];
  /**
   * Whether it owns a table it creates on the fly (per-org tables such as
   * `ArchivingRetention.Audit_<orgId>`); those are rebuilt and swapped too. Default: in `tables`.
   */
  ownsTable?(logical: string): boolean;
  /** Creates its tables under the context's physical names when missing (idempotent). */
  createTables(db: Knex, context: ProjectionContext): Promise<void>;
  /** Applies events (in position order) in the batch's transaction; uses `trx` only, never another connection. */
  handle(trx: Knex.Transaction, events: readonly RecordedEvent[], context: ProjectionContext): Promise<void>;
}

/** The identity mapping: live tables. */
export const liveTables: TableNames = (logical) => logical;

/** Whether the projection owns a logical table: listed in `tables`, or claimed by `ownsTable`. */
export const ownsTable = (projection: Projection, logical: string): boolean =>
  projection.tables.includes(logical) || projection.ownsTable?.(logical) === true;
