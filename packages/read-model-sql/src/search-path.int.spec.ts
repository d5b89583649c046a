import { expect } from 'chai';
import type { Knex } from 'knex';
import { createTemporaryDatabase, requirePostgres } from '@sapien/testing';
import type { TemporaryDatabase } from '@sapien/testing';
import { createQualifiedTable, createQualifiedTableIfMissing, hasQualifiedTable, listQualifiedTables, renameQualifiedTable } from './ddl.ts';
import { openReadModelStore } from './open.ts';
import { renameTableIndexes } from './rename-indexes.ts';
import type { ReadModelStore } from './store.ts';

const people = (table: Knex.CreateTableBuilder): void => {
  table.integer('PersonId').primary();
  table.string('Email').notNullable().unique();
};

/** The schema a table of that name was created in. */
const schemaOf = async (store: ReadModelStore, table: string): Promise<string[]> => {
  const result = (await store.db.raw('select table_schema as schema from information_schema.tables where table_name = ?', [table])) as {
    rows: { schema: string }[];
  };
  return result.rows.map((row) => row.schema);
};

describe('unqualified tables on PostgreSQL when the search path starts with a schema named after the role', () => {
  let database: TemporaryDatabase;
  let store: ReadModelStore;

  before(requirePostgres);

  before(async () => {
    database = await createTemporaryDatabase('sapien_search_path');
    store = await openReadModelStore(database.url);
    // The default search path is "$user", public: with this schema, current_schema() is no longer public.
    const user = (await store.db.raw('select current_user as name')) as { rows: { name: string }[] };
    await store.db.raw('create schema ??', [user.rows[0]?.name ?? 'postgres']);
  });

  after(async () => {
    await store?.close();
    await database?.drop();
  });

  it('creates them in current_schema(), and finds them there', async () => {
    const current = (await store.db.raw('select current_schema() as name')) as { rows: { name: string }[] };
    expect(current.rows[0]?.name).to.not.equal('public');
    expect(await createQualifiedTableIfMissing(store.db, store.dialect, 'EventLogLike', people)).to.equal(true);
    expect(await schemaOf(store, 'EventLogLike')).to.deep.equal([current.rows[0]?.name]);
    expect(await hasQualifiedTable(store.db, store.dialect, 'EventLogLike')).to.equal(true);
    expect(await createQualifiedTableIfMissing(store.db, store.dialect, 'EventLogLike', people), 'a second start').to.equal(false);
  });

  it('lists them by their unqualified name', async () => {
    await createQualifiedTable(store.db, store.dialect, 'Org.People', people);
    expect(await listQualifiedTables(store.db, store.dialect)).to.include.members(['EventLogLike', 'Org.People']);
  });

  it('renames their indexes, so a rebuild can create its shadow table again after a swap', async () => {
    await createQualifiedTable(store.db, store.dialect, 'Staff__rebuild', people);
    await renameQualifiedTable(store.db, 'Staff__rebuild', 'Staff');
    await renameTableIndexes(store.db, store.dialect, 'Staff', (index) => index.replace(/__rebuild/iu, ''));
    await createQualifiedTable(store.db, store.dialect, 'Staff__rebuild', people);
    expect(await hasQualifiedTable(store.db, store.dialect, 'Staff__rebuild')).to.equal(true);
  });
});
