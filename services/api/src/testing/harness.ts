import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { InProcessMessageBus, type MessageBus } from '@sapien/message-bus';
import { ProjectionRunner, type RuntimeLogger } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { openReadModelStore } from '@sapien/read-model-sql';
import { AesGcmSecretBox, type SecretBox } from '@sapien/users';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../app.ts';
import type { ApiDependencies } from '../dependencies.ts';

export type Harness = Readonly<{
  app: FastifyInstance;
  eventStore: EventStore;
  readModels: ReadModelStore;
  bus: MessageBus;
  runner: ProjectionRunner;
  secretBox: SecretBox;
  close(): Promise<void>;
}>;

export type HarnessOptions = Readonly<{
  eventStoreUrl?: string;
  readModelUrl?: string;
  api?: Partial<Omit<ApiDependencies, 'eventStore' | 'readModels' | 'bus'>>;
}>;

const quiet: RuntimeLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The API on real adapters (SQLite in memory unless told otherwise) with the projection runner
 * running, so a query with Sapien-Min-Position reads its write.
 */
export const startHarness = async (options: HarnessOptions = {}): Promise<Harness> => {
  const eventStore = await openSqlEventStore(options.eventStoreUrl ?? 'sqlite::memory:');
  const readModels = await openReadModelStore(options.readModelUrl ?? 'sqlite::memory:');
  const bus = new InProcessMessageBus();
  const runner = new ProjectionRunner({ eventStore, store: readModels, projections: allProjections, logger: quiet });
  await runner.start();
  const secretBox = new AesGcmSecretBox(AesGcmSecretBox.generateKey());
  const app = await buildApi({
    secretBox,
    eventStore,
    readModels,
    bus,
    clock: new SystemClock(),
    waitForPosition: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
    ...options.api,
  });
  return {
    app,
    eventStore,
    readModels,
    bus,
    runner,
    secretBox,
    async close() {
      await app.close();
      await runner.stop();
      await bus.close();
      await readModels.close();
      await eventStore.close();
    },
  };
};

/** JSON of an inject response body. */
export const json = (response: { body: string }): Record<string, unknown> => JSON.parse(response.body) as Record<string, unknown>;
