import type { Dialect } from '@sapien/read-model-sql';
import { createQualifiedTableIfMissing, pkDateTimeColumn } from '@sapien/read-model-sql';
import type { Knex } from 'knex';

export const ORGS_TABLE = 'Org.Orgs';

/**
 * A row of `Org.Orgs` as the projection holds it. The date-times are kept as read (or as
 * `toDbPkDateTime` wrote them) and written back untouched: only the projection's own changes move.
 */
export type OrgRow = Readonly<{
  OrgId: number;
  Name: string;
  Status: string;
  ApiRateLimit: number;
  ApiRateLimitWindowSeconds: number;
  CreatedAt: unknown;
  UpdatedAt: unknown;
  LastEventPosition: number;
}>;

/** Creates `Org.Orgs` (PRODUCT.md §7) under its physical name when missing. */
export const createOrgsTable = async (db: Knex, dialect: Dialect, name: string): Promise<void> => {
  await createQualifiedTableIfMissing(db, dialect, name, (table) => {
    table.integer('OrgId').notNullable().primary();
    table.string('Name', 200).notNullable();
    table.string('Status', 20).notNullable();
    table.integer('ApiRateLimit').notNullable();
    table.integer('ApiRateLimitWindowSeconds').notNullable();
    pkDateTimeColumn(table, 'CreatedAt', dialect).notNullable();
    pkDateTimeColumn(table, 'UpdatedAt', dialect).notNullable();
    table.bigInteger('LastEventPosition').notNullable();
  });
};
