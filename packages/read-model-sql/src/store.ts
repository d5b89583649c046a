import type { Knex } from 'knex';

export type Dialect = 'sqlite' | 'postgres';

/** The schemas of Sapien's public read models (SQLite: attached databases; PostgreSQL: schemas). */
export const READ_MODEL_SCHEMAS = ['Org', 'ArchivingRetention'] as const;
export type ReadModelSchema = (typeof READ_MODEL_SCHEMAS)[number];

/**
 * The read-model store: one knex connection (pool) per database. On SQLite the schemas `Org` and
 * `ArchivingRetention` are attached databases beside the main file, so `db('Org.Orgs')` works on
 * both dialects. Tables without a schema (`EventLog`, checkpoints) live in the main database.
 *
 * Open it with `openReadModelStore(url)`. Create tables with `createQualifiedTable` (knex's own DDL
 * mishandles schema-qualified names), write in `writeTransaction`. On SQLite open one store per
 * process and share it: better-sqlite3 waits for locks synchronously, so two stores writing in
 * one process could stall each other outside writeTransaction.
 */
export interface ReadModelStore {
  readonly db: Knex;
  readonly dialect: Dialect;
  /** Checks the database answers; throws when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
