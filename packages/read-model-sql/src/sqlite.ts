import { mkdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import knex from 'knex';
import { ReadDbFileInWalMode } from './errors.ts';
import { READ_MODEL_SCHEMAS } from './store.ts';
import type { ReadModelSchema, ReadModelStore } from './store.ts';

/** Long enough for another process's batch or a rebuild's swap to commit. */
export const BUSY_TIMEOUT_MS = 15_000;

/** The file of an attached schema: `<dir>/<basename>.<Schema>.sqlite` beside the main file. */
export const sqliteSchemaFile = (mainPath: string, schema: ReadModelSchema): string => {
  const absolute = resolve(mainPath);
  const base = basename(absolute, extname(absolute));
  return join(dirname(absolute), `${base}.${schema}.sqlite`);
};

/**
 * Puts an attached file in rollback-journal mode and returns the mode it is in then. Leaving WAL
 * needs the file to itself: while another connection has it open in WAL, SQLite answers busy at
 * once (or keeps WAL and says so).
 */
const leaveWal = (connection: BetterSqlite3.Database, schema: string): unknown => {
  try {
    return connection.pragma(`"${schema}".journal_mode = DELETE`, { simple: true });
  } catch (error) {
    const busy = error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_BUSY');
    if (busy) return connection.pragma(`"${schema}".journal_mode`, { simple: true });
    throw error;
  }
};

const prepareConnection = (connection: BetterSqlite3.Database, path: string): void => {
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  for (const schema of READ_MODEL_SCHEMAS) {
    connection.prepare(`ATTACH DATABASE ? AS "${schema}"`).run(path === ':memory:' ? ':memory:' : sqliteSchemaFile(path, schema));
  }
  if (path === ':memory:') return;
  // A rollback journal, not WAL: SQLite commits a transaction over several attached files
  // atomically (through a super-journal) only outside WAL mode, and a projection's rows (`Org.*`)
  // and its checkpoint (main) must commit together or not at all. WAL's gain — readers beside a
  // writer — is small here: a process shares one connection, so its reads and writes queue anyway.
  for (const schema of ['main', ...READ_MODEL_SCHEMAS] as const) {
    const mode = leaveWal(connection, schema);
    if (mode !== 'delete') throw new ReadDbFileInWalMode(schema === 'main' ? path : sqliteSchemaFile(path, schema), String(mode));
    connection.pragma(`"${schema}".synchronous = FULL`);
  }
  connection.pragma('foreign_keys = ON');
};

/**
 * SQLite: one connection (pool of 1) per store, so the attached schemas and, for `:memory:`, the data
 * live as long as the store; writers in other processes wait up to the busy timeout.
 */
export const openSqliteStore = async (path: string): Promise<ReadModelStore> => {
  const filename = path === ':memory:' ? ':memory:' : resolve(path);
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // min 1: the pool keeps its one connection, so an in-memory database lives as long as the store.
      min: 1,
      max: 1,
      afterCreate: (connection: BetterSqlite3.Database, done: (error: Error | null, connection: BetterSqlite3.Database) => void) => {
        try {
          prepareConnection(connection, filename);
          done(null, connection);
        } catch (error) {
          done(error instanceof Error ? error : new Error(String(error)), connection);
        }
      },
    },
  });
  const store: ReadModelStore = {
    db,
    dialect: 'sqlite',
    async ping() {
      await db.raw('select 1');
    },
    async close() {
      await db.destroy();
    },
  };
  try {
    await store.ping();
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return store;
};
