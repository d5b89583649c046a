import { epochMicrosOf, instantFromEpochMicros } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime, toDbPkDateTime, writeTransaction } from '@sapien/read-model-sql';
import type { WindowCount } from './fixed-window.ts';

/** An org's window as written to `Org.OrgAPIRateLimit`, with the time of its last request. */
export type StoredWindow = WindowCount & Readonly<{ orgId: number; updatedAtMicros: bigint }>;

type Row = Readonly<{ WindowStart: unknown; RequestCount: unknown }>;

/** Rows per INSERT: 4 bindings each stays far below SQLite's limit on variables. */
const CHUNK = 500;

/** The org's window as last written, or undefined when it has none. */
export const readWindow = async (store: ReadModelStore, table: string, orgId: number): Promise<WindowCount | undefined> => {
  const row: Row | undefined = await store.db(table).select('WindowStart', 'RequestCount').where('OrgId', orgId).first();
  if (row === undefined) return undefined;
  return { windowStartMicros: epochMicrosOf(fromDbPkDateTime(row.WindowStart, store.dialect)), count: Number(row.RequestCount) };
};

/** Writes the windows as they are, in one transaction (one lock wait and one sync on SQLite). */
export const writeWindows = async (store: ReadModelStore, table: string, windows: readonly StoredWindow[]): Promise<void> => {
  const { dialect } = store;
  const rows = windows.map((window) => ({
    OrgId: window.orgId,
    WindowStart: toDbPkDateTime(instantFromEpochMicros(window.windowStartMicros), dialect),
    RequestCount: window.count,
    UpdatedAt: toDbPkDateTime(instantFromEpochMicros(window.updatedAtMicros), dialect),
  }));
  await writeTransaction(store, async (trx) => {
    for (let start = 0; start < rows.length; start += CHUNK) {
      await trx(table).insert(rows.slice(start, start + CHUNK)).onConflict('OrgId').merge(['WindowStart', 'RequestCount', 'UpdatedAt']);
    }
  });
};
