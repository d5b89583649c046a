import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import knex from 'knex';
import type { Knex } from 'knex';

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** Prepared statements kept per connection; multi-row inserts vary with their row count. */
const CACHED_STATEMENTS = 256;

/**
 * knex prepares every query again; preparing costs as much as running a short statement. The
 * connection keeps its statements by SQL text instead (least recently used dropped first).
 * better-sqlite3 re-prepares a kept statement itself when the schema changes.
 */
export const cacheStatements = (connection: Database.Database, size = CACHED_STATEMENTS): void => {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, Database.Statement>();
  connection.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (kept.size >= size) kept.delete(kept.keys().next().value ?? '');
    } else kept.delete(source);
    kept.set(source, statement);
    return statement;
  }) as Database.Database['prepare'];
};

export const isInMemory = (filename: string): boolean => filename === ':memory:' || filename === '';

/**
 * One connection (pool of 1): appends are serialised in-process, and the connection never idles
 * out (which would lose a `:memory:` database). WAL lets readers in other processes run beside the
 * writer; busy_timeout makes a writer wait for another process's write lock instead of failing.
 */
export const sqliteConnection = (filename: string, busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS): Knex => {
  if (!isInMemory(filename)) mkdirSync(dirname(resolve(filename)), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (connection: Database.Database, done: (error: Error | null, connection: Database.Database) => void) => {
        try {
          connection.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
          connection.pragma('journal_mode = WAL');
          cacheStatements(connection);
          done(null, connection);
        } catch (error) {
          done(error instanceof Error ? error : new Error(String(error)), connection);
        }
      },
    },
  });
};
