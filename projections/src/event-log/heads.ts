import type { Knex } from 'knex';
import { LOOKUP_CHUNK, chunksOf } from '../support/chunks.ts';
import { toNumber } from '../support/numbers.ts';

/**
 * The hash of the newest row of each given org's chain; an org without rows is absent. One query
 * per chunk of orgs: a VALUES list of the orgs, each probing the (OrgId, EventLogId) index for its
 * newest row, rather than `max(EventLogId) … group by OrgId`, which reads every row of those orgs
 * and the log only grows.
 */
export const chainHeads = async (trx: Knex.Transaction, table: string, orgIds: readonly number[]): Promise<Map<number, string>> => {
  const heads = new Map<number, string>();
  for (const chunk of chunksOf(orgIds, LOOKUP_CHUNK)) {
    const newest = trx(table).select('Hash').whereRaw('?? = ??', ['OrgId', 'orgs.column1']).orderBy('EventLogId', 'desc').limit(1);
    // `cast`: PostgreSQL types an untyped parameter in VALUES as text, which does not compare to an integer.
    const orgs = trx.raw(`(values ${chunk.map(() => '(cast(? as integer))').join(', ')}) as orgs`, chunk);
    const rows: { OrgId: unknown; Hash: unknown }[] = await trx.select({ OrgId: 'orgs.column1' }, newest.as('Hash')).from(orgs);
    for (const row of rows) if (typeof row.Hash === 'string') heads.set(toNumber(row.OrgId), row.Hash);
  }
  return heads;
};
