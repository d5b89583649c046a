import type { Knex } from 'knex';
import { dropQualifiedTableIfExists, hasQualifiedTable, renameQualifiedTable, renameTableIndexes, splitTableName } from '@sapien/read-model-sql';
import type { Dialect } from '@sapien/read-model-sql';

/** Where a rebuild writes a table beside the live one: `Org.Orgs__rebuild`. */
export const SHADOW_SUFFIX = '__rebuild';
const OLD_SUFFIX = '__old';
const SHADOW_IN_NAME = /__rebuild/iu;

export const shadowName = (logical: string): string => `${logical}${SHADOW_SUFFIX}`;

/**
 * In the caller's transaction: the shadow table takes the live table's name (live → `__old`,
 * shadow → live, old dropped), and its indexes lose the shadow's name, so the next rebuild can
 * create its shadow again. Readers keep using the logical name and never see a missing table.
 */
export const swapTable = async (trx: Knex.Transaction, dialect: Dialect, logical: string): Promise<void> => {
  const { table } = splitTableName(logical);
  const old = `${logical}${OLD_SUFFIX}`;
  await dropQualifiedTableIfExists(trx, old);
  const live = await hasQualifiedTable(trx, dialect, logical);
  if (live) await renameQualifiedTable(trx, logical, `${table}${OLD_SUFFIX}`);
  await renameQualifiedTable(trx, shadowName(logical), table);
  if (live) await dropQualifiedTableIfExists(trx, old);
  await renameTableIndexes(trx, dialect, logical, (index) => (SHADOW_IN_NAME.test(index) ? index.replace(SHADOW_IN_NAME, '') : undefined));
};
