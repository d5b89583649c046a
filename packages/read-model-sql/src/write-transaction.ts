import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { BUSY_TIMEOUT_MS } from './sqlite.ts';
import type { ReadModelStore } from './store.ts';

const isBusy = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_BUSY');

/**
 * Swaps knex's deferred BEGIN for BEGIN IMMEDIATE. better-sqlite3 waits for a lock synchronously,
 * stalling the whole process (and any other connection in it that holds the lock), so the wait
 * happens here instead: no busy timeout, asynchronous retries until the usual timeout.
 */
const beginImmediate = async (trx: Knex.Transaction): Promise<void> => {
  await trx.raw('COMMIT');
  await trx.raw('PRAGMA busy_timeout = 0');
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await trx.raw('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) {
          await trx.raw('BEGIN'); // so that knex's ROLLBACK finds a transaction
          throw error;
        }
        await sleep(Math.min(2 ** attempt, 25));
      }
    }
  } finally {
    await trx.raw(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
};

/**
 * Runs `work` in a transaction that holds the write lock from its first statement. On SQLite knex
 * opens a deferred transaction, which can fail mid-way with SQLITE_BUSY when another connection
 * wrote after it first read; BEGIN IMMEDIATE instead takes every attached database's write lock
 * up front. On PostgreSQL it is a plain transaction (row locks do the rest).
 */
export const writeTransaction = <T>(store: ReadModelStore, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
  store.db.transaction(async (trx) => {
    if (store.dialect === 'sqlite') await beginImmediate(trx);
    return work(trx);
  });
