import type { Knex } from 'knex';
import type { Dialect, ReadModelStore } from './store.ts';
import { writeTransaction } from './write-transaction.ts';

/** One schema change of the read-model database, applied once, in a transaction. */
export type Migration = Readonly<{
  /** Unique and stable forever: the key it is recorded under (e.g. `orgs/0001-create-orgs`). */
  name: string;
  up(db: Knex, dialect: Dialect): Promise<void>;
}>;

export type MigrationProgress = Readonly<{ name: string; done: number; total: number; applied: boolean }>;

export type RunMigrationsOptions = Readonly<{ onProgress?: (progress: MigrationProgress) => void }>;

export const MIGRATIONS_TABLE = 'sapien_migrations';

/** A fixed key for the advisory lock that lets one process at a time migrate a PostgreSQL database. */
const MIGRATION_LOCK_KEY = 0x5a91e5;

const lockMigrations = async (trx: Knex.Transaction, dialect: Dialect): Promise<void> => {
  // SQLite: the immediate transaction already holds the write lock.
  if (dialect === 'postgres') await trx.raw('select pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
};

const ensureMigrationsTable = (store: ReadModelStore): Promise<void> =>
  writeTransaction(store, async (trx) => {
    await lockMigrations(trx, store.dialect);
    if (await trx.schema.hasTable(MIGRATIONS_TABLE)) return;
    await trx.schema.createTable(MIGRATIONS_TABLE, (table) => {
      table.increments('id');
      table.string('name', 255).notNullable().unique();
      table.string('applied_at', 32).notNullable();
    });
  });

/**
 * Applies the migrations not yet recorded in `sapien_migrations`, in the order given, each in its
 * own transaction together with its record; safe to run again and from several processes at once.
 * Returns the names it applied.
 */
export const runMigrations = async (
  store: ReadModelStore,
  migrations: readonly Migration[],
  options: RunMigrationsOptions = {},
): Promise<string[]> => {
  const duplicate = migrations.find((migration, index) => migrations.findIndex((other) => other.name === migration.name) !== index);
  if (duplicate) throw new TypeError(`migration ${duplicate.name} is listed twice`);
  await ensureMigrationsTable(store);
  const applied: string[] = [];
  for (const [index, migration] of migrations.entries()) {
    const ran = await writeTransaction(store, async (trx) => {
      await lockMigrations(trx, store.dialect);
      const done = await trx(MIGRATIONS_TABLE).where({ name: migration.name }).first();
      if (done !== undefined) return false;
      await migration.up(trx, store.dialect);
      await trx(MIGRATIONS_TABLE).insert({ name: migration.name, applied_at: new Date().toISOString() });
      return true;
    });
    if (ran) applied.push(migration.name);
    options.onProgress?.({ name: migration.name, done: index + 1, total: migrations.length, applied: ran });
  }
  return applied;
};

/** The names recorded as applied, in the order they were applied. */
export const appliedMigrations = async (store: ReadModelStore): Promise<string[]> => {
  if (!(await store.db.schema.hasTable(MIGRATIONS_TABLE))) return [];
  const rows: { name: string }[] = await store.db(MIGRATIONS_TABLE).select('name').orderBy('id');
  return rows.map((row) => row.name);
};
