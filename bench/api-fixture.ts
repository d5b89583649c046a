import { buildApi } from '@sapien/api';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock, type Clock } from '@sapien/kernel';
import { InProcessMessageBus } from '@sapien/message-bus';
import { NO_USERS, createOAuthServer, generateOAuthKeys, type OAuthKeys, type OAuthServer } from '@sapien/oauth';
import { openReadModelStore, type ReadModelStore } from '@sapien/read-model-sql';
import { freePort } from '@sapien/testing';
import { AesGcmSecretBox } from '@sapien/users';
import type { Cleanup } from './cleanup.ts';
import type { BenchDatabase } from './databases.ts';

/** What every API of a benchmark shares: the stores of the run's database, one clock, one key set. */
export type ApiStores = Readonly<{ eventStore: EventStore; readModels: ReadModelStore; clock: Clock; keys: OAuthKeys }>;

/**
 * The event store and the read models as `npm start` opens them: on SQLite two files in one folder
 * (events.sqlite, read.sqlite), on PostgreSQL one database. Closed by `cleanup`.
 */
export const openApiStores = async (database: BenchDatabase, cleanup: Cleanup): Promise<ApiStores> => {
  const eventStore = await openSqlEventStore(database.eventStoreUrl);
  cleanup.add(() => eventStore.close());
  const readModels = await openReadModelStore(database.readModelUrl('read'));
  cleanup.add(() => readModels.close());
  return { eventStore, readModels, clock: new SystemClock(), keys: generateOAuthKeys() };
};

export type ApiShape = Readonly<{
  /** Serve /oauth with this adapter; none: no OAuth server. */
  oauth?: 'event-store' | 'oidc-provider-memory';
  /** Guard /v1 (bearer token → voters → rate limit) with the OAuth server; needs `oauth`. */
  auth: boolean;
}>;

export type ListeningApi = Readonly<{ url: string; oauth: OAuthServer | undefined }>;

/**
 * One API on loopback over the shared stores, as `npm start` builds it but with no request log
 * (both sides of every comparison alike) and no projector: the benchmarks' requests never wait
 * for a read-model position. Closed by `cleanup`.
 */
export const listenApi = async (stores: ApiStores, shape: ApiShape, cleanup: Cleanup): Promise<ListeningApi> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const oauth =
    shape.oauth === undefined
      ? undefined
      : createOAuthServer({ issuer: url, eventStore: stores.eventStore, clock: stores.clock, keys: stores.keys, users: NO_USERS, adapter: shape.oauth });
  if (shape.auth && oauth === undefined) throw new Error('an API with auth needs an OAuth server');
  const bus = new InProcessMessageBus();
  const app = await buildApi({
    eventStore: stores.eventStore,
    readModels: stores.readModels,
    bus,
    clock: stores.clock,
    waitForPosition: async () => true,
    secretBox: new AesGcmSecretBox(AesGcmSecretBox.generateKey()),
    ...(oauth === undefined ? {} : { oauth }),
    ...(shape.auth && oauth !== undefined ? { resolvePrincipal: oauth.resolveAccessToken } : {}),
  });
  cleanup.add(async () => {
    await app.close();
    await oauth?.close();
    await bus.close();
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { url, oauth };
};
