import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { ReadModelStore } from './store.ts';
import { parseReadDbUrl } from './url.ts';

/**
 * Opens the read-model store: `sqlite:<path>` (schemas as attached files beside it),
 * `sqlite::memory:`, or `postgres://…` (schemas created when missing). Throws InvalidReadDbUrl
 * (code `invalid-read-db-url`) for anything else.
 */
export const openReadModelStore = async (url: string): Promise<ReadModelStore> => {
  const location = parseReadDbUrl(url);
  return location.kind === 'sqlite' ? openSqliteStore(location.path) : openPostgresStore(location.url);
};
