import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import knex from 'knex';
import type { Knex } from 'knex';
import { createTemporaryDatabase } from '@sapien/testing';

export type DbKind = 'postgres' | 'sqlite';
export const DB_KINDS: readonly DbKind[] = ['postgres', 'sqlite'];

/**
 * Where one benchmark runs: a fresh PostgreSQL database, dropped afterwards, or a temporary folder
 * of SQLite files, removed afterwards. The case and its baseline both write here.
 */
export type BenchDatabase = Readonly<{
  kind: DbKind;
  eventStoreUrl: string;
  /** PostgreSQL: the same database as the events. SQLite: a file of its own per name, beside them. */
  readModelUrl(name: string): string;
  /** A plain knex connection to the events' database, set up as the event store sets up its own. */
  rawEventsDb(): Knex;
  dispose(): Promise<void>;
}>;

// As the SQLite event store opens its one connection: WAL, a busy timeout, default synchronous.
const sqliteKnex = (filename: string): Knex =>
  knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (connection: BetterSqlite3.Database, done: (error: Error | null, connection: BetterSqlite3.Database) => void) => {
        connection.pragma('busy_timeout = 5000');
        connection.pragma('journal_mode = WAL');
        done(null, connection);
      },
    },
  });

export const openBenchDatabase = async (kind: DbKind, label: string): Promise<BenchDatabase> => {
  if (kind === 'postgres') {
    const database = await createTemporaryDatabase(`sapien_bench_${label}`);
    return {
      kind,
      eventStoreUrl: database.url,
      readModelUrl: () => database.url,
      rawEventsDb: () => knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 10 } }),
      dispose: () => database.drop(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `sapien-bench-${label}-`));
  const events = join(dir, 'events.sqlite');
  return {
    kind,
    eventStoreUrl: `sqlite:${events}`,
    readModelUrl: (name) => `sqlite:${join(dir, `${name}.sqlite`)}`,
    rawEventsDb: () => sqliteKnex(events),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

/** Runs `work` on a fresh database of `kind` and removes the database whatever happens. */
export const withBenchDatabase = async <T>(kind: DbKind, label: string, work: (database: BenchDatabase) => Promise<T>): Promise<T> => {
  const database = await openBenchDatabase(kind, label);
  try {
    return await work(database);
  } finally {
    await database.dispose();
  }
};
