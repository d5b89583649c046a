import { expect } from 'chai';
import { createQualifiedTable, hasQualifiedTable } from './ddl.ts';
import { appliedMigrations, runMigrations } from './migrations.ts';
import type { Migration, MigrationProgress } from './migrations.ts';
import { openReadModelStore } from './open.ts';
import type { ReadModelStore } from './store.ts';
import { describeWithStoreOnEachDialect } from './testing.ts';
import type { TestReadDb } from './testing.ts';

const createOrgs: Migration = {
  name: 'test/0001-create-orgs',
  up: (db, dialect) =>
    createQualifiedTable(db, dialect, 'Org.Orgs', (table) => {
      table.integer('OrgId').primary();
      table.string('Name').notNullable();
    }),
};

const addStatus: Migration = {
  name: 'test/0002-add-status',
  up: async (db) => {
    await db.raw('alter table "Org"."Orgs" add column "Status" varchar(16)');
  },
};

/** Creates a table, then fails: neither the table nor the record may remain. */
const failing: Migration = {
  name: 'test/0003-fails-half-way',
  up: async (db, dialect) => {
    await createQualifiedTable(db, dialect, 'Org.HalfDone', (table) => table.integer('Id').primary());
    throw new Error('boom');
  },
};

describe('runMigrations', () => {
  describeWithStoreOnEachDialect((opened, _dialect, created) => {
    let target: TestReadDb;
    let store: ReadModelStore;
    before(() => {
      store = opened();
      target = created();
    });

    it('applies migrations in order, records them and reports progress', async () => {
      const progress: MigrationProgress[] = [];
      const applied = await runMigrations(store, [createOrgs, addStatus], { onProgress: (p) => progress.push(p) });
      expect(applied).to.deep.equal([createOrgs.name, addStatus.name]);
      expect(await appliedMigrations(store)).to.deep.equal([createOrgs.name, addStatus.name]);
      expect(progress).to.deep.equal([
        { name: createOrgs.name, done: 1, total: 2, applied: true },
        { name: addStatus.name, done: 2, total: 2, applied: true },
      ]);
      await store.db('Org.Orgs').insert({ OrgId: 1, Name: 'Acme', Status: 'active' });
    });

    it('is idempotent: a second run applies nothing', async () => {
      expect(await runMigrations(store, [createOrgs, addStatus])).to.deep.equal([]);
      expect(await store.db('Org.Orgs').pluck('Name')).to.deep.equal(['Acme']);
    });

    it('rolls a failing migration back entirely and leaves it unrecorded', async () => {
      let caught: unknown;
      try {
        await runMigrations(store, [createOrgs, addStatus, failing]);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(Error).with.property('message', 'boom');
      expect(await hasQualifiedTable(store.db, store.dialect, 'Org.HalfDone')).to.equal(false);
      expect(await appliedMigrations(store)).to.deep.equal([createOrgs.name, addStatus.name]);
    });

    it('applies each migration once when several runs on two stores race', async () => {
      let runs = 0;
      const counted: Migration = {
        name: 'test/0004-counted',
        up: async (db, dialect) => {
          runs += 1;
          await createQualifiedTable(db, dialect, 'Org.Counted', (table) => table.integer('Id').primary());
        },
      };
      const other = await openReadModelStore(target.url);
      try {
        const results = await Promise.all([runMigrations(store, [counted]), runMigrations(other, [counted]), runMigrations(store, [counted])]);
        expect(results.flat()).to.deep.equal([counted.name]);
        expect(runs).to.equal(1);
      } finally {
        await other.close();
      }
    });

    it('refuses a list naming a migration twice', async () => {
      let caught: unknown;
      try {
        await runMigrations(store, [createOrgs, createOrgs]);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(TypeError);
    });
  });
});
