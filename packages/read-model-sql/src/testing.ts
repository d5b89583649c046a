import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemporaryDatabase, requirePostgres } from '@sapien/testing';
import { openReadModelStore } from './open.ts';
import type { Dialect, ReadModelStore } from './store.ts';

/** A fresh, empty read-model database for one suite: its URL and how to remove it. */
export type TestReadDb = Readonly<{ dialect: Dialect; url: string; dispose(): Promise<void> }>;

export const temporarySqliteReadDb = async (): Promise<TestReadDb> => {
  const dir = mkdtempSync(join(tmpdir(), 'sapien-read-'));
  return {
    dialect: 'sqlite',
    url: `sqlite:${join(dir, 'read.sqlite')}`,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

export const temporaryPostgresReadDb = async (): Promise<TestReadDb> => {
  const database = await createTemporaryDatabase('sapien_read');
  return { dialect: 'postgres', url: database.url, dispose: () => database.drop() };
};

/**
 * Declares `suite` once per dialect, inside `describe('on sqlite')` / `describe('on postgres')`;
 * the PostgreSQL one needs the machine's server (requirePostgres).
 */
export const describeOnEachDialect = (suite: (create: () => Promise<TestReadDb>, dialect: Dialect) => void): void => {
  describe('on sqlite', () => suite(temporarySqliteReadDb, 'sqlite'));
  describe('on postgres', () => {
    before(requirePostgres);
    suite(temporaryPostgresReadDb, 'postgres');
  });
};

/**
 * `describeOnEachDialect` with an open store per suite: `store()` gives it inside tests and hooks;
 * the store is closed and its database removed after the suite.
 */
export const describeWithStoreOnEachDialect = (
  suite: (store: () => ReadModelStore, dialect: Dialect, target: () => TestReadDb) => void,
): void =>
  describeOnEachDialect((create, dialect) => {
    let target: TestReadDb | undefined;
    let store: ReadModelStore | undefined;
    before(async () => {
      target = await create();
      store = await openReadModelStore(target.url);
    });
    after(async () => {
      await store?.close();
      await target?.dispose();
    });
    const opened = (): ReadModelStore => {
      if (store === undefined) throw new Error('the store opens in the suite’s before hook');
      return store;
    };
    const created = (): TestReadDb => {
      if (target === undefined) throw new Error('the database is created in the suite’s before hook');
      return target;
    };
    suite(opened, dialect, created);
  });
