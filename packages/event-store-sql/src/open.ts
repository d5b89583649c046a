import { PostgresListener } from './postgres-listener.ts';
import { postgresConnection } from './postgres-connection.ts';
import { postgresDialect } from './postgres-dialect.ts';
import type { SqlEventStore } from './sql-event-store.ts';
import { SqlEventStoreImpl } from './sql-event-store.ts';
import { SqliteBatchWriter } from './sqlite-batch-writer.ts';
import { DEFAULT_BUSY_TIMEOUT_MS, isInMemory, sqliteConnection } from './sqlite-connection.ts';
import { sqliteDialect } from './sqlite-dialect.ts';
import { translateError } from './translate-error.ts';
import { parseEventStoreUrl } from './url.ts';

export type SqlEventStoreOptions = Readonly<{
  /**
   * How often a waiting subscription re-reads the log, for appends it was not woken for.
   * SQLite: appends by other processes (default 250 ms). PostgreSQL: a safety net behind
   * LISTEN/NOTIFY (default 1,000 ms).
   */
  pollIntervalMs?: number;
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /** SQLite: how long an append waits for another process's write lock (default 5,000 ms). */
  busyTimeoutMs?: number;
}>;

const SQLITE_POLL_MS = 250;
const POSTGRES_POLL_MS = 1_000;

/**
 * Opens the SQL event store at `url` (`sqlite:<path>`, `sqlite::memory:`, `postgres://…`),
 * creating its tables when missing. Throws InvalidEventStoreUrl for another scheme and
 * EventStoreUnavailable when the database cannot be reached.
 */
export const openSqlEventStore = async (url: string, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> => {
  const location = parseEventStoreUrl(url);
  if (location.dialect === 'sqlite') {
    const { filename } = location;
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    const db = sqliteConnection(filename, busyTimeoutMs);
    const settings = {
      pollIntervalMs: options.pollIntervalMs ?? SQLITE_POLL_MS,
      // An in-memory database lives in its one connection: no other thread can write to it.
      ...(isInMemory(filename) ? {} : { batchWriter: () => new SqliteBatchWriter({ filename, busyTimeoutMs }) }),
    };
    return open(new SqlEventStoreImpl(db, sqliteDialect, settings), () => sqliteDialect.migrate(db));
  }
  const db = postgresConnection(location.url, options.poolSize);
  const store = new SqlEventStoreImpl(db, postgresDialect, {
    pollIntervalMs: options.pollIntervalMs ?? POSTGRES_POLL_MS,
    listen: (onAppend) => new PostgresListener(location.url, onAppend),
  });
  return open(store, () => postgresDialect.migrate(db));
};

const open = async (store: SqlEventStore, migrate: () => Promise<void>): Promise<SqlEventStore> => {
  try {
    await migrate();
    return store;
  } catch (error) {
    await store.close();
    throw translateError(error);
  }
};
