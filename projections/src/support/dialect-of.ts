import type { Dialect } from '@sapien/read-model-sql';
import type { Knex } from 'knex';

/** The dialect of a knex instance, from the client it was configured with. */
export const dialectOf = (db: Knex): Dialect => {
  const config: unknown = db.client.config;
  const client = typeof config === 'object' && config !== null && 'client' in config ? config.client : undefined;
  if (client === 'pg' || client === 'postgres' || client === 'postgresql') return 'postgres';
  if (client === 'better-sqlite3' || client === 'sqlite3') return 'sqlite';
  throw new TypeError(`unsupported knex client: ${String(client)}`);
};
