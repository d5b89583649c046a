import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import knex from 'knex';
import type { Knex } from 'knex';

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

const isInMemory = (filename: string): boolean => filename === ':memory:' || filename === '';

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
          done(null, connection);
        } catch (error) {
          done(error instanceof Error ? error : new Error(String(error)), connection);
        }
      },
    },
  });
};
