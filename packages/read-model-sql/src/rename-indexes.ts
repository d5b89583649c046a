import type { Knex } from 'knex';
import { splitTableName } from './ddl.ts';
import type { Dialect } from './store.ts';

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Renaming leaves a table's index (and PostgreSQL sequence) names behind: rename those too. */
export type IndexRenamer = (indexName: string) => string | undefined;

const renamePostgres = async (db: Knex, schema: string, table: string, rename: IndexRenamer): Promise<void> => {
  const indexes = (await db.raw(
    `select i.relname as name from pg_index x
       join pg_class i on i.oid = x.indexrelid
       join pg_class t on t.oid = x.indrelid
       join pg_namespace n on n.oid = t.relnamespace
      where t.relname = ? and n.nspname = ?`,
    [table, schema],
  )) as { rows: { name: string }[] };
  for (const { name } of indexes.rows) {
    const renamed = rename(name);
    // An index behind a constraint renames the constraint with it.
    if (renamed !== undefined && renamed !== name) await db.raw(`alter index ${quote(schema)}.${quote(name)} rename to ${quote(renamed)}`);
  }
  const sequences = (await db.raw(
    `select s.relname as name from pg_class s
       join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
       join pg_class t on t.oid = d.refobjid
       join pg_namespace n on n.oid = t.relnamespace
      where s.relkind = 'S' and t.relname = ? and n.nspname = ?`,
    [table, schema],
  )) as { rows: { name: string }[] };
  for (const { name } of sequences.rows) {
    const renamed = rename(name);
    if (renamed !== undefined && renamed !== name) await db.raw(`alter sequence ${quote(schema)}.${quote(name)} rename to ${quote(renamed)}`);
  }
};

/** SQLite keeps `CREATE INDEX` text without the schema; this puts the new, qualified name in it. */
const INDEX_NAME = /^CREATE (UNIQUE )?INDEX (?:IF NOT EXISTS )?(?:`[^`]+`|"[^"]+"|\[[^\]]+\]|\S+)/iu;

const renameSqlite = async (db: Knex, schema: string, table: string, rename: IndexRenamer): Promise<void> => {
  const indexes = (await db.raw(`select name, sql from ${quote(schema)}.sqlite_master where type = 'index' and tbl_name = ? and sql is not null`, [
    table,
  ])) as { name: string; sql: string }[];
  for (const { name, sql } of indexes) {
    const renamed = rename(name);
    if (renamed === undefined || renamed === name) continue;
    // SQLite cannot rename an index: drop it and create it again under the new name.
    await db.raw(`drop index ${quote(schema)}.${quote(name)}`);
    await db.raw(sql.replace(INDEX_NAME, (_match, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${quote(schema)}.${quote(renamed)}`));
  }
};

/** Where PostgreSQL puts an unqualified table: the first existing schema of the search path. */
const currentSchema = async (db: Knex): Promise<string> => {
  const result = (await db.raw('select current_schema() as name')) as { rows: { name: string | null }[] };
  const name = result.rows[0]?.name;
  if (name === null || name === undefined) throw new Error('the search path names no existing schema');
  return name;
};

/** Renames the indexes (and PostgreSQL sequences) of a table for which `rename` gives a new name. */
export const renameTableIndexes = async (db: Knex, dialect: Dialect, tableName: string, rename: IndexRenamer): Promise<void> => {
  const { schema, table } = splitTableName(tableName);
  if (dialect === 'postgres') await renamePostgres(db, schema ?? (await currentSchema(db)), table, rename);
  else await renameSqlite(db, schema ?? 'main', table, rename);
};
