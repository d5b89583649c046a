import type { Knex } from 'knex';
import { READ_MODEL_SCHEMAS } from './store.ts';
import type { Dialect } from './store.ts';

/**
 * DDL on schema-qualified names (`Org.Orgs`) that works on both dialects. knex's own builder
 * does not: on PostgreSQL it names a primary key `"Org"."Orgs_pkey"` (a syntax error), and on
 * SQLite it qualifies `create index … on Org.Orgs`, which SQLite refuses (the schema belongs on
 * the index name) and looks tables up in `main` only.
 */
export type QualifiedName = Readonly<{ schema: string | undefined; table: string }>;

export const splitTableName = (name: string): QualifiedName => {
  const dot = name.indexOf('.');
  return dot < 0 ? { schema: undefined, table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
};

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** `"Org"."Orgs"` or `"EventLog"`. */
export const quoteTableName = (name: string): string => {
  const { schema, table } = splitTableName(name);
  return schema === undefined ? quote(table) : `${quote(schema)}.${quote(table)}`;
};

/** knex's SQLite DDL for an unqualified table, moved into `schema` (table and index names). */
const qualifySqlite = (sql: string, schema: string): string =>
  sql
    .replace(/^create table `/u, `create table ${quote(schema)}.\``)
    .replace(/^create (unique )?index `/u, (_match, unique: string | undefined) => `create ${unique ?? ''}index ${quote(schema)}.\``);

/** Creates a table (and the indexes the builder declares) under a possibly qualified name. */
export const createQualifiedTable = async (
  db: Knex,
  dialect: Dialect,
  name: string,
  build: (table: Knex.CreateTableBuilder) => void,
): Promise<void> => {
  const { schema, table } = splitTableName(name);
  if (schema === undefined) {
    await db.schema.createTable(table, build);
  } else if (dialect === 'postgres') {
    await db.schema.withSchema(schema).createTable(table, build);
  } else {
    for (const statement of db.schema.createTable(table, build).toSQL()) {
      await db.raw(qualifySqlite(statement.sql, schema), [...statement.bindings]);
    }
  }
};

export const hasQualifiedTable = async (db: Knex, dialect: Dialect, name: string): Promise<boolean> => {
  const { schema, table } = splitTableName(name);
  // Unqualified: knex looks in current_schema(), where it also creates unqualified tables.
  if (dialect === 'postgres') return schema === undefined ? db.schema.hasTable(table) : db.schema.withSchema(schema).hasTable(table);
  const rows = (await db.raw(`select 1 as found from ${quote(schema ?? 'main')}.sqlite_master where type = 'table' and name = ?`, [
    table,
  ])) as unknown[];
  return rows.length > 0;
};

/** Creates the table unless it exists: what an idempotent `createTables` needs. */
export const createQualifiedTableIfMissing = async (
  db: Knex,
  dialect: Dialect,
  name: string,
  build: (table: Knex.CreateTableBuilder) => void,
): Promise<boolean> => {
  if (await hasQualifiedTable(db, dialect, name)) return false;
  await createQualifiedTable(db, dialect, name, build);
  return true;
};

export const dropQualifiedTableIfExists = async (db: Knex, name: string): Promise<void> => {
  await db.raw(`drop table if exists ${quoteTableName(name)}`);
};

/** Renames a table within its schema: `Org.Orgs__rebuild` → `Orgs`. */
export const renameQualifiedTable = async (db: Knex, from: string, toTable: string): Promise<void> => {
  await db.raw(`alter table ${quoteTableName(from)} rename to ${quote(toTable)}`);
};

/**
 * Every table of the read-model database: `Org.Orgs` for a schema's table, `EventLog` for main's
 * (PostgreSQL: current_schema(), the first existing schema of the search path, not always public).
 */
export const listQualifiedTables = async (db: Knex, dialect: Dialect): Promise<string[]> => {
  if (dialect === 'postgres') {
    const result = (await db.raw(
      `select table_schema as schema, table_name as name, table_schema = current_schema() as main from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema in (current_schema(), ${READ_MODEL_SCHEMAS.map(() => '?').join(', ')})
        order by 1, 2`,
      [...READ_MODEL_SCHEMAS],
    )) as { rows: { schema: string; name: string; main: boolean }[] };
    return result.rows.map(({ schema, name, main }) => (main ? name : `${schema}.${name}`));
  }
  const names: string[] = [];
  for (const schema of ['main', ...READ_MODEL_SCHEMAS]) {
    const rows = (await db.raw(
      `select name from ${quote(schema)}.sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`,
    )) as { name: string }[];
    names.push(...rows.map(({ name }) => (schema === 'main' ? name : `${schema}.${name}`)));
  }
  return names;
};
