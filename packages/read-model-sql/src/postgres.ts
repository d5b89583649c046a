import knex from 'knex';
import pg from 'pg';
import { READ_MODEL_SCHEMAS } from './store.ts';
import type { ReadModelStore } from './store.ts';

const { builtins } = pg.types;

/**
 * Type parsers of this store's connections only (not pg's global ones): date-times come back as
 * text so microseconds survive (a JS Date keeps milliseconds), and bigints as numbers, as SQLite
 * returns them (positions and counts stay far below 2^53).
 */
const readModelTypes = {
  getTypeParser: (oid: number, format?: string): ((value: string) => unknown) => {
    if (oid === builtins.TIMESTAMPTZ || oid === builtins.TIMESTAMP) return (value) => value;
    if (oid === builtins.INT8) return (value) => Number(value);
    return pg.types.getTypeParser(oid, format === 'binary' ? 'binary' : 'text') as (value: string) => unknown;
  },
};

/** A fixed key for the advisory lock that serialises schema creation across processes. */
const SCHEMA_LOCK_KEY = 0x5a91e4;

/** PostgreSQL: the schemas `Org` and `ArchivingRetention` in the database; the session speaks UTC. */
export const openPostgresStore = async (url: string): Promise<ReadModelStore> => {
  const db = knex({
    client: 'pg',
    connection: { connectionString: url, types: readModelTypes, options: '-c TimeZone=UTC' },
    pool: { min: 0, max: 10 },
  });
  const store: ReadModelStore = {
    db,
    dialect: 'postgres',
    async ping() {
      await db.raw('select 1');
    },
    async close() {
      await db.destroy();
    },
  };
  try {
    // CREATE SCHEMA IF NOT EXISTS still races between processes; the lock makes it safe.
    await db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [SCHEMA_LOCK_KEY]);
      for (const schema of READ_MODEL_SCHEMAS) await trx.raw(`create schema if not exists "${schema}"`);
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return store;
};
