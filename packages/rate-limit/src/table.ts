import type { Migration, ReadModelStore } from '@sapien/read-model-sql';
import { createQualifiedTable, pkDateTimeColumn, runMigrations } from '@sapien/read-model-sql';
import { createConsumeFunction } from './consume-function.ts';

/**
 * Live rate-limit state, one row per org (PRODUCT.md §7): a fixed window, `WindowStart` and the
 * `RequestCount` seen in it (counting stops just past the limit; see fixed-window.ts). On
 * SQLite the API counts in process and writes this row behind, at most a second late (README.md).
 * Fixed rather than GCRA because the contract is "never more than the limit in a window" and the
 * IETF RateLimit header reports remaining quota and reset per window — both exact with a counter,
 * only approximate with a GCRA timestamp. The known cost: a burst at the end of one window and the
 * start of the next can pass up to twice the limit within `w` seconds.
 */
export const ORG_API_RATE_LIMIT_TABLE = 'Org.OrgAPIRateLimit';

const createOrgApiRateLimit: Migration = {
  name: 'rate-limit/0001-create-org-api-rate-limit',
  async up(db, dialect) {
    await createQualifiedTable(db, dialect, ORG_API_RATE_LIMIT_TABLE, (table) => {
      table.integer('OrgId').notNullable().primary();
      pkDateTimeColumn(table, 'WindowStart', dialect).notNullable();
      table.integer('RequestCount').notNullable();
      pkDateTimeColumn(table, 'UpdatedAt', dialect).notNullable();
    });
  },
};

/** PostgreSQL only: the function that counts a batch of requests in one statement (consume-function.ts). */
const createConsumeOrgApiRateLimit: Migration = {
  name: 'rate-limit/0002-create-consume-function',
  async up(db, dialect) {
    if (dialect === 'postgres') await db.raw(createConsumeFunction);
  },
};

export const RATE_LIMIT_MIGRATIONS: readonly Migration[] = [createOrgApiRateLimit, createConsumeOrgApiRateLimit];

/** Creates `Org.OrgAPIRateLimit` unless done (idempotent, safe from several processes). */
export const migrateRateLimitTables = async (store: ReadModelStore): Promise<void> => {
  await runMigrations(store, RATE_LIMIT_MIGRATIONS);
};
