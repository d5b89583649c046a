import { AesGcmSecretBox, UserSessions, type PasswordHasher, type SecretBox } from '@sapien/users';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { InProcessMessageBus } from '@sapien/message-bus';
import { createOAuthServer, type OAuthKeys, type OAuthServer, type UserAuthenticator } from '@sapien/oauth';
import { ProjectionRunner, type RuntimeLogger } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import { openReadModelStore, type ReadModelStore } from '@sapien/read-model-sql';
import { freePort } from '@sapien/testing';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../app.ts';

export type OAuthApi = Readonly<{
  app: FastifyInstance;
  url: string;
  oauth: OAuthServer;
  eventStore: EventStore;
  readModels: ReadModelStore;
  runner: ProjectionRunner;
  close(): Promise<void>;
}>;

const quiet: RuntimeLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type OAuthApiOptions = Readonly<{
  eventStoreUrl: string;
  keys: OAuthKeys;
  /** The users who can sign in, or how to make them from the instance's event store (packages/users). */
  users: UserAuthenticator | ((eventStore: EventStore) => UserAuthenticator);
  issuer?: string;
  /** Start an API session per sign-in (packages/users' UserSessions), as `npm start` does. Needs users in the event store. */
  startSessions?: boolean;
  /** Seals TOTP and SSO secrets, for the API and the OAuth server alike (a test's authenticator needs the same). Default: a new key. */
  secretBox?: SecretBox;
  /** The API's password hasher (a quicker scrypt keeps suites short). */
  passwordHasher?: PasswordHasher;
}>;

/**
 * One listening API instance with the OAuth server and the authorization plugin, over the given
 * event store (a file or PostgreSQL, so several instances can share it); its own in-memory read
 * models and projection runner.
 */
export const startOAuthApi = async (options: OAuthApiOptions): Promise<OAuthApi> => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clock = new SystemClock();
  const eventStore = await openSqlEventStore(options.eventStoreUrl);
  const readModels = await openReadModelStore('sqlite::memory:');
  const bus = new InProcessMessageBus();
  const runner = new ProjectionRunner({ eventStore, store: readModels, projections: allProjections, logger: quiet });
  await runner.start();
  const secretBox = options.secretBox ?? new AesGcmSecretBox(AesGcmSecretBox.generateKey());
  const oauth = createOAuthServer({
    secretBox,
    issuer: options.issuer ?? url,
    eventStore,
    clock,
    keys: options.keys,
    users: typeof options.users === 'function' ? options.users(eventStore) : options.users,
    ...(options.startSessions ? { sessions: new UserSessions({ eventStore, clock }) } : {}),
  });
  const app = await buildApi({
    eventStore,
    readModels,
    bus,
    clock,
    waitForPosition: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
    oauth,
    resolvePrincipal: oauth.resolveAccessToken,
    secretBox,
    ...(options.passwordHasher ? { passwordHasher: options.passwordHasher } : {}),
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    url,
    oauth,
    eventStore,
    readModels,
    runner,
    async close() {
      await app.close();
      await oauth.close();
      await runner.stop();
      await bus.close();
      await readModels.close();
      await eventStore.close();
    },
  };
};
