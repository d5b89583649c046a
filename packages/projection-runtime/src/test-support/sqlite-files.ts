import { hasQualifiedTable, splitTableName } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';

/**
 * The file a table lives in on a SQLite read database (`Org.*` in the attached Org file, the
 * checkpoints in the main one): lets a test show that one transaction spans two files.
 */
export const sqliteFileOf = async (store: ReadModelStore, table: string): Promise<string | undefined> => {
  if (!(await hasQualifiedTable(store.db, 'sqlite', table))) return undefined;
  const schema = splitTableName(table).schema ?? 'main';
  const databases = (await store.db.raw('pragma database_list')) as { name: string; file: string }[];
  return databases.find((database) => database.name === schema)?.file;
};
