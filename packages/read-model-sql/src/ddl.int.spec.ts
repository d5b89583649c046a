import { expect } from 'chai';
import type { Knex } from 'knex';
import { createQualifiedTable, createQualifiedTableIfMissing, dropQualifiedTableIfExists, hasQualifiedTable, listQualifiedTables, renameQualifiedTable } from './ddl.ts';
import { renameTableIndexes } from './rename-indexes.ts';
import type { ReadModelStore } from './store.ts';
import { describeWithStoreOnEachDialect } from './testing.ts';

const people = (table: Knex.CreateTableBuilder): void => {
  table.integer('PersonId').primary();
  table.string('Email').notNullable().unique();
  table.string('Name').notNullable().index();
};

describe('schema-qualified DDL', () => {
  describeWithStoreOnEachDialect((opened) => {
    let store: ReadModelStore;
    before(() => {
      store = opened();
    });

    it('creates a table with a primary key, a unique column and an index inside a schema', async () => {
      await createQualifiedTable(store.db, store.dialect, 'Org.People', people);
      expect(await hasQualifiedTable(store.db, store.dialect, 'Org.People')).to.equal(true);
      expect(await hasQualifiedTable(store.db, store.dialect, 'People')).to.equal(false);
      expect(await hasQualifiedTable(store.db, store.dialect, 'ArchivingRetention.People')).to.equal(false);
      await store.db('Org.People').insert({ PersonId: 1, Email: 'a@example.com', Name: 'A' });
      let duplicate: unknown;
      try {
        await store.db('Org.People').insert({ PersonId: 2, Email: 'a@example.com', Name: 'B' });
      } catch (error) {
        duplicate = error;
      }
      expect(duplicate, 'the unique index holds').to.be.instanceOf(Error);
    });

    it('creates a missing table once', async () => {
      expect(await createQualifiedTableIfMissing(store.db, store.dialect, 'Org.People', people)).to.equal(false);
      expect(await createQualifiedTableIfMissing(store.db, store.dialect, 'Org.Other', people)).to.equal(true);
    });

    it('renames a table and its indexes so its old name can be created again', async () => {
      await createQualifiedTable(store.db, store.dialect, 'Org.Staff__rebuild', people);
      await store.db('Org.Staff__rebuild').insert({ PersonId: 1, Email: 'x@example.com', Name: 'X' });
      await renameQualifiedTable(store.db, 'Org.Staff__rebuild', 'Staff');
      await renameTableIndexes(store.db, store.dialect, 'Org.Staff', (index) => index.replace(/__rebuild/iu, ''));
      await createQualifiedTable(store.db, store.dialect, 'Org.Staff__rebuild', people);
      expect(await store.db('Org.Staff').pluck('Email')).to.deep.equal(['x@example.com']);
      let duplicate: unknown;
      try {
        await store.db('Org.Staff').insert({ PersonId: 2, Email: 'x@example.com', Name: 'Y' });
      } catch (error) {
        duplicate = error;
      }
      expect(duplicate, 'the renamed unique index still holds').to.be.instanceOf(Error);
    });

    it('lists the tables of every schema by qualified name', async () => {
      await createQualifiedTable(store.db, store.dialect, 'EventLogLike', (table) => table.integer('Id').primary());
      const tables = await listQualifiedTables(store.db, store.dialect);
      expect(tables).to.include.members(['Org.People', 'Org.Other', 'Org.Staff', 'Org.Staff__rebuild', 'EventLogLike']);
      expect(tables.filter((name) => name.startsWith('sqlite_'))).to.deep.equal([]);
    });

    it('drops a table when it exists', async () => {
      await dropQualifiedTableIfExists(store.db, 'Org.Staff__rebuild');
      await dropQualifiedTableIfExists(store.db, 'Org.Staff__rebuild');
      expect(await hasQualifiedTable(store.db, store.dialect, 'Org.Staff__rebuild')).to.equal(false);
    });
  });
});
