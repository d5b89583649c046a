export type { Dialect, ReadModelSchema, ReadModelStore } from './store.ts';
export { READ_MODEL_SCHEMAS } from './store.ts';
export { openReadModelStore } from './open.ts';
export { sqliteSchemaFile } from './sqlite.ts';
export { parseReadDbUrl } from './url.ts';
export type { ReadDbLocation } from './url.ts';
export { InvalidReadDbUrl, ReadDbFileInWalMode } from './errors.ts';
export { fromDbUuid, toDbUuid, uuidColumn } from './uuid-column.ts';
export { fromDbPkDateTime, pkDateTimeColumn, toDbPkDateTime } from './pk-datetime-column.ts';
export { writeTransaction } from './write-transaction.ts';
export { MIGRATIONS_TABLE, appliedMigrations, runMigrations } from './migrations.ts';
export type { Migration, MigrationProgress, RunMigrationsOptions } from './migrations.ts';
export {
  createQualifiedTable,
  createQualifiedTableIfMissing,
  dropQualifiedTableIfExists,
  hasQualifiedTable,
  listQualifiedTables,
  quoteTableName,
  renameQualifiedTable,
  splitTableName,
} from './ddl.ts';
export type { QualifiedName } from './ddl.ts';
export { renameTableIndexes } from './rename-indexes.ts';
export type { IndexRenamer } from './rename-indexes.ts';
