import type { SapienConfig } from '@sapien/config';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { MessageBus } from '@sapien/message-bus';
import { InProcessMessageBus } from '@sapien/message-bus';
import { NatsMessageBus } from '@sapien/message-bus-nats';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { openReadModelStore } from '@sapien/read-model-sql';

/** The production components behind the ports, opened from the configuration. */
export type Infrastructure = Readonly<{
  eventStore: EventStore;
  readModels: ReadModelStore;
  bus: MessageBus;
  /** Closes them in reverse order of opening. */
  close(): Promise<void>;
}>;

/** Where each component is, for the start-up banner (no passwords). */
export const describeInfrastructure = (config: SapienConfig): Record<string, string> => {
  const redact = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  return {
    eventStore: redact(config.eventStoreUrl),
    readModels: redact(config.readDbUrl),
    bus: config.natsUrls ? config.natsUrls.join(',') : 'in-process',
  };
};

/** Opens the configured bus: NATS JetStream, or the in-process bus of the embedded default. */
export const openBus = async (config: SapienConfig): Promise<MessageBus> =>
  config.natsUrls ? NatsMessageBus.connect({ servers: config.natsUrls, name: 'sapien' }) : new InProcessMessageBus();

/** Opens the event store, the read-model store and the bus; a failure closes what was opened. */
export const openInfrastructure = async (config: SapienConfig): Promise<Infrastructure> => {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const eventStore = await openSqlEventStore(config.eventStoreUrl);
    closers.push(() => eventStore.close());
    const readModels = await openReadModelStore(config.readDbUrl);
    closers.push(() => readModels.close());
    const bus = await openBus(config);
    closers.push(() => bus.close());
    return { eventStore, readModels, bus, close };
  } catch (error) {
    await close();
    throw error;
  }
};
