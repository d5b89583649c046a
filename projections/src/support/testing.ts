import type { Instant, RecordedEvent } from '@sapien/kernel';
import { instantFromEpochMicros, newEventId } from '@sapien/kernel';
import type { Projection, ProjectionContext } from '@sapien/projection-runtime';
import { liveTables } from '@sapien/projection-runtime';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { openReadModelStore, writeTransaction } from '@sapien/read-model-sql';
import { createTemporaryDatabase, requirePostgres, type TemporaryDatabase } from '@sapien/testing';

/** Runs a suite on SQLite (in memory) and on a fresh PostgreSQL database. */
export const describeOnEachDialect = (title: string, body: (store: () => ReadModelStore) => void): void => {
  describe(`${title} on SQLite`, () => {
    let store: ReadModelStore | undefined;
    beforeEach(async () => {
      store = await openReadModelStore('sqlite::memory:');
    });
    afterEach(async () => store?.close());
    body(() => store ?? assertOpen());
  });

  describe(`${title} on PostgreSQL`, () => {
    let database: TemporaryDatabase | undefined;
    let store: ReadModelStore | undefined;
    before(requirePostgres);
    beforeEach(async () => {
      database = await createTemporaryDatabase('sapien_projections');
      store = await openReadModelStore(database.url);
    });
    afterEach(async () => {
      await store?.close();
      await database?.drop();
    });
    body(() => store ?? assertOpen());
  });
};

const assertOpen = (): never => {
  throw new Error('the store is not open');
};

export const liveContext = (store: ReadModelStore): ProjectionContext => ({ dialect: store.dialect, names: liveTables });

/** Creates the projection's tables and applies a batch in one transaction, as the runner does. */
export const project = async (store: ReadModelStore, projection: Projection, events: readonly RecordedEvent[]): Promise<void> => {
  const context = liveContext(store);
  await projection.createTables(store.db, context);
  await writeTransaction(store, (trx) => projection.handle(trx, events, context));
};

/** Builds recorded events with consecutive positions and per-stream revisions, a microsecond apart. */
export const eventFactory = (start: Instant = '2026-01-01T00:00:00.000000Z' as Instant) => {
  let position = 0;
  const revisions = new Map<string, number>();
  const startMicros = BigInt(Date.parse(start)) * 1000n;
  return (streamId: string, type: string, data: unknown, orgId: number): RecordedEvent => {
    position += 1;
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    return {
      id: newEventId(),
      type,
      streamId,
      revision,
      position,
      occurredAt: instantFromEpochMicros(startMicros + BigInt(position) * 1_000_001n),
      data,
      metadata: { orgId, correlationId: newEventId(), causationId: newEventId(), actor: { kind: 'system', id: 'test' } },
    };
  };
};
