import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTemporaryDatabase, requirePostgres } from '@sapien/testing';
import type { Dialect } from './store.ts';

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
