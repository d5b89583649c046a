import knex from 'knex';
import { POSTGRES_URL, uniqueName } from './services.ts';

export type TemporaryDatabase = Readonly<{ url: string; name: string; drop(): Promise<void> }>;

/** Creates a fresh PostgreSQL database for one test suite; `drop()` removes it. */
export const createTemporaryDatabase = async (prefix = 'sapien_test'): Promise<TemporaryDatabase> => {
  const name = uniqueName(prefix);
  const admin = knex({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const dropper = knex({ client: 'pg', connection: POSTGRES_URL, pool: { min: 0, max: 1 } });
      try {
        await dropper.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.destroy();
      }
    },
  };
};
