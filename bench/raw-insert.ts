import type { Knex } from 'knex';

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/**
 * One multi-row INSERT through `knex.raw`: the cheapest write knex offers, so a baseline measured
 * with it is the fastest plain insert of the rows, not a strawman.
 */
export const insertRows = async (
  db: Knex | Knex.Transaction,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly Knex.Value[])[],
): Promise<void> => {
  if (rows.length === 0) return;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const bindings: Knex.Value[] = [];
  for (const row of rows) bindings.push(...row);
  await db.raw(`insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${rows.map(() => tuple).join(', ')}`, bindings);
};
