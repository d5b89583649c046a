/**
 * knex writes a multi-row INSERT on SQLite as `select … union all select …`, and SQLite refuses a
 * compound SELECT of more than 500 terms (SQLITE_MAX_COMPOUND_SELECT).
 */
const MAX_ROWS_PER_INSERT = 500;

/**
 * Bound parameters per statement: SQLite's SQLITE_MAX_VARIABLE_NUMBER, 32,766 since 3.32 (the
 * SQLite of better-sqlite3 13 is 3.54; 999 before 3.32); PostgreSQL allows 65,535.
 */
const MAX_BOUND_PARAMETERS = 32_766;

/** Ids per `where … in (…)` (or VALUES) lookup: a batch's worth in one query, far from either limit. */
export const LOOKUP_CHUNK = 1000;

/** Rows per multi-row INSERT of `columns` columns, under both limits. */
export const rowsPerInsert = (columns: number): number => Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_BOUND_PARAMETERS / columns));

/** `items` in consecutive slices of at most `size`, in order. */
export const chunksOf = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};
