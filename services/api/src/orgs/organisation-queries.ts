import { NotFoundError, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime } from '@sapien/read-model-sql';
import { inject, injectable } from 'inversify';
import { TOKENS } from '../tokens.ts';

/** The public read model of organisations (PRODUCT.md §7), built by the `orgs` projection. */
export const ORGS_TABLE = 'Org.Orgs';

export type OrganisationView = Readonly<{
  orgId: number;
  name: string;
  status: string;
  apiRateLimit: Readonly<{ limit: number; windowSeconds: number }>;
  createdAt: Instant;
  updatedAt: Instant;
}>;

type OrgRow = Readonly<{
  OrgId: number;
  Name: string;
  Status: string;
  ApiRateLimit: number;
  ApiRateLimitWindowSeconds: number;
  CreatedAt: unknown;
  UpdatedAt: unknown;
}>;

/** Reads organisations from `Org.Orgs`. */
@injectable()
export class OrganisationQueries {
  constructor(@inject(TOKENS.ReadModels) private readonly readModels: ReadModelStore) {}

  async get(orgId: number): Promise<OrganisationView> {
    const { db, dialect } = this.readModels;
    const row: OrgRow | undefined = await db(ORGS_TABLE)
      .select('OrgId', 'Name', 'Status', 'ApiRateLimit', 'ApiRateLimitWindowSeconds', 'CreatedAt', 'UpdatedAt')
      .where('OrgId', orgId)
      .first();
    if (!row) throw new NotFoundError('organisation', orgId);
    return {
      orgId: Number(row.OrgId),
      name: row.Name,
      status: row.Status,
      apiRateLimit: { limit: Number(row.ApiRateLimit), windowSeconds: Number(row.ApiRateLimitWindowSeconds) },
      createdAt: fromDbPkDateTime(row.CreatedAt, dialect),
      updatedAt: fromDbPkDateTime(row.UpdatedAt, dialect),
    };
  }
}
