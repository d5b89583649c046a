import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { SapienError } from '@sapien/kernel';
import { createQualifiedTable } from './ddl.ts';
import { ReadDbFileInWalMode } from './errors.ts';
import { openReadModelStore } from './open.ts';
import { sqliteSchemaFile } from './sqlite.ts';
import { writeTransaction } from './write-transaction.ts';
import type { ReadModelStore } from './store.ts';
import { describeWithStoreOnEachDialect, temporarySqliteReadDb } from './testing.ts';
import type { TestReadDb } from './testing.ts';

const createOrgs = (store: ReadModelStore) =>
  createQualifiedTable(store.db, store.dialect, 'Org.Orgs', (table) => {
    table.integer('OrgId').primary();
    table.string('Name').notNullable();
  });

describe('openReadModelStore', () => {
  describeWithStoreOnEachDialect((opened, _dialect, created) => {
    let target: TestReadDb;
    let store: ReadModelStore;
    before(() => {
      store = opened();
      target = created();
    });

    it('answers a ping', async () => {
      await store.ping();
    });

    it('addresses the Org and ArchivingRetention schemas by qualified name', async () => {
      await createOrgs(store);
      await createQualifiedTable(store.db, store.dialect, 'ArchivingRetention.Retention', (table) => table.integer('OrgId').primary());
      await store.db('Org.Orgs').insert({ OrgId: 1, Name: 'Acme' });
      await store.db('ArchivingRetention.Retention').insert({ OrgId: 1 });
      expect(await store.db('Org.Orgs').select('OrgId', 'Name')).to.deep.equal([{ OrgId: 1, Name: 'Acme' }]);
      expect(await store.db('ArchivingRetention.Retention').count({ n: '*' })).to.deep.equal([{ n: 1 }]);
    });

    it('opens again over existing data', async () => {
      const again = await openReadModelStore(target.url);
      try {
        expect(await again.db('Org.Orgs').pluck('Name')).to.deep.equal(['Acme']);
      } finally {
        await again.close();
      }
    });
  });

  describe('on a SQLite file', () => {
    let target: TestReadDb;
    let store: ReadModelStore;

    before(async () => {
      target = await temporarySqliteReadDb();
      store = await openReadModelStore(target.url.replace('read.sqlite', 'nested/folder/read.sqlite'));
    });

    after(async () => {
      await store.close();
      await target.dispose();
    });

    it('creates the parent folder and attaches one file per schema beside the main file', async () => {
      const main = target.url.slice('sqlite:'.length).replace('read.sqlite', 'nested/folder/read.sqlite');
      await createOrgs(store);
      expect(existsSync(main)).to.equal(true);
      expect(sqliteSchemaFile(main, 'Org')).to.match(/nested\/folder\/read\.Org\.sqlite$/);
      expect(existsSync(sqliteSchemaFile(main, 'Org'))).to.equal(true);
      expect(existsSync(sqliteSchemaFile(main, 'ArchivingRetention'))).to.equal(true);
    });

    it('keeps every schema in rollback-journal mode, so a batch commits atomically across the attached files', async () => {
      for (const schema of ['main', 'Org', 'ArchivingRetention']) {
        expect(await store.db.raw(`pragma "${schema}".journal_mode`)).to.deep.equal([{ journal_mode: 'delete' }]);
      }
      const [timeout] = (await store.db.raw('pragma busy_timeout')) as { timeout: number }[];
      expect(timeout?.timeout).to.be.greaterThan(0);
    });
  });

  describe('on a SQLite file that another process holds open in WAL mode', () => {
    it('refuses to open, naming the file that stays in WAL', async () => {
      const target = await temporarySqliteReadDb();
      const orgFile = sqliteSchemaFile(target.url.slice('sqlite:'.length), 'Org');
      const other = new Database(orgFile);
      try {
        other.pragma('journal_mode = WAL');
        other.exec('create table Kept (Id integer primary key); insert into Kept values (1)');
        let caught: unknown;
        try {
          await openReadModelStore(target.url);
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(ReadDbFileInWalMode).and.include({ code: 'read-db-file-in-wal-mode', file: orgFile, journalMode: 'wal' });
        expect((caught as Error).message).to.contain(orgFile).and.contain('another process holds it open in WAL mode');
      } finally {
        other.close();
        await target.dispose();
      }
    });
  });

  describe('on SQLite in memory', () => {
    it('attaches in-memory schemas that keep their data while the store is open', async () => {
      const store = await openReadModelStore('sqlite::memory:');
      try {
        await createOrgs(store);
        await writeTransaction(store, (trx) => trx('Org.Orgs').insert({ OrgId: 7, Name: 'Seven' }));
        expect(await store.db('Org.Orgs').pluck('OrgId')).to.deep.equal([7]);
      } finally {
        await store.close();
      }
    });
  });

  it('rejects an unknown URL with invalid-read-db-url', async () => {
    let caught: unknown;
    try {
      await openReadModelStore('mysql://localhost/read');
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(SapienError).and.have.property('code', 'invalid-read-db-url');
  });
});
