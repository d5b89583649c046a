import knex from 'knex';
import type { Knex } from 'knex';

export const DEFAULT_POOL_SIZE = 10;

export const postgresConnection = (url: string, poolSize = DEFAULT_POOL_SIZE): Knex =>
  knex({ client: 'pg', connection: url, pool: { min: 0, max: poolSize } });
