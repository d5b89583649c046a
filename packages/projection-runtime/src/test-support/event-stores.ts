import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { Dialect } from '@sapien/read-model-sql';
import { createTemporaryDatabase } from '@sapien/testing';

export type TestEventStore = Readonly<{ url: string; eventStore: EventStore; dispose(): Promise<void> }>;

/** A fresh event store of the same dialect as the read database under test. */
export const temporaryEventStore = async (dialect: Dialect): Promise<TestEventStore> => {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sapien-events-'));
    const url = `sqlite:${join(dir, 'events.sqlite')}`;
    const eventStore = await openSqlEventStore(url, { pollIntervalMs: 50 });
    return {
      url,
      eventStore,
      async dispose() {
        await eventStore.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createTemporaryDatabase('sapien_events');
  const eventStore = await openSqlEventStore(database.url);
  return {
    url: database.url,
    eventStore,
    async dispose() {
      await eventStore.close();
      await database.drop();
    },
  };
};
