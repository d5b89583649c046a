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

/**
 * Every connection that writes the event log: WAL (readers in other processes run beside the
 * writer), a wait for another process's write lock instead of failing, and checkpoints every
 * 10,000 WAL pages (about 40 MiB) instead of SQLite's 1,000. Each event of a new stream (a token,
 * a session) lands on a random page of two indexes, so a commit writes many pages; a page changed
 * again before the next checkpoint is copied into the database once, not once per 4 MiB of WAL —
 * about a third more appends per second of CPU (bench/README.md). `journal_size_limit` truncates
 * the WAL file back to 64 MiB after a checkpoint, so it does not stay at its largest size.
 */
export const prepareWriterConnection = (connection: Database.Database, busyTimeoutMs: number): void => {
  connection.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  connection.pragma('journal_mode = WAL');
  connection.pragma('wal_autocheckpoint = 10000');
  connection.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  cacheStatements(connection);
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
          prepareWriterConnection(connection, busyTimeoutMs);
          done(null, connection);
        } catch (error) {
          done(error instanceof Error ? error : new Error(String(error)), connection);
        }
      },
    },
  });
};
