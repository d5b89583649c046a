/** What a batch changes: rows to insert (new keys) and rows to overwrite (keys already stored). */
export type RowChanges<Row> = Readonly<{ created: readonly Row[]; updated: readonly Row[] }>;

/**
 * Applies a batch's events (in position order) to the stored rows they are about, in memory: each
 * changed row comes out once, in its final state. `apply` returns the same row when an event
 * changes nothing (a replayed one included), undefined when there is no row to change.
 */
export const foldRows = <Row, Event>(
  stored: ReadonlyMap<string, Row>,
  events: readonly Event[],
  keyOf: (event: Event) => string,
  apply: (row: Row | undefined, event: Event) => Row | undefined,
): RowChanges<Row> => {
  const rows = new Map(stored);
  const changed = new Set<string>();
  for (const event of events) {
    const key = keyOf(event);
    const row = rows.get(key);
    const next = apply(row, event);
    if (next === undefined || next === row) continue;
    rows.set(key, next);
    changed.add(key);
  }
  const created: Row[] = [];
  const updated: Row[] = [];
  for (const key of changed) {
    const row = rows.get(key);
    if (row !== undefined) (stored.has(key) ? updated : created).push(row);
  }
  return { created, updated };
};
