import type { Knex } from 'knex';
import { LOOKUP_CHUNK, chunksOf, rowsPerInsert } from '../support/chunks.ts';
import { toNumber } from '../support/numbers.ts';
import type { OrgRow } from './table.ts';

const COLUMNS = 8;
/** What an event can change; OrgId and CreatedAt never change. */
const MUTABLE_COLUMNS = ['Name', 'Status', 'ApiRateLimit', 'ApiRateLimitWindowSeconds', 'UpdatedAt', 'LastEventPosition'];

/** The stored rows of the given orgs, by OrgId. */
export const loadOrgRows = async (trx: Knex.Transaction, table: string, orgIds: readonly number[]): Promise<Map<number, OrgRow>> => {
  const rows = new Map<number, OrgRow>();
  for (const chunk of chunksOf(orgIds, LOOKUP_CHUNK)) {
    const found: Record<string, unknown>[] = await trx(table).select('*').whereIn('OrgId', chunk);
    for (const row of found) {
      const orgId = toNumber(row.OrgId);
      rows.set(orgId, {
        OrgId: orgId,
        Name: String(row.Name),
        Status: String(row.Status),
        ApiRateLimit: toNumber(row.ApiRateLimit),
        ApiRateLimitWindowSeconds: toNumber(row.ApiRateLimitWindowSeconds),
        CreatedAt: row.CreatedAt,
        UpdatedAt: row.UpdatedAt,
        LastEventPosition: toNumber(row.LastEventPosition),
      });
    }
  }
  return rows;
};

/**
 * Writes a batch's changes: new orgs in multi-row inserts (an org that appeared meanwhile is left
 * alone, as a creation of an existing org changes nothing), changed orgs in multi-row upserts.
 */
export const writeOrgRows = async (
  trx: Knex.Transaction,
  table: string,
  { created, updated }: Readonly<{ created: readonly OrgRow[]; updated: readonly OrgRow[] }>,
): Promise<void> => {
  for (const chunk of chunksOf(created, rowsPerInsert(COLUMNS))) await trx(table).insert(chunk).onConflict('OrgId').ignore();
  for (const chunk of chunksOf(updated, rowsPerInsert(COLUMNS))) await trx(table).insert(chunk).onConflict('OrgId').merge(MUTABLE_COLUMNS);
};
