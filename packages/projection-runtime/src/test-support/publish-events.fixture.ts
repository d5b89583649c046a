// A publisher process for the kill -9 test: publishes the log to NATS until the target position.
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { MessageBus } from '@sapien/message-bus';
import { NatsMessageBus } from '@sapien/message-bus-nats';
import { openReadModelStore } from '@sapien/read-model-sql';
import { CheckpointStore } from '../checkpoints.ts';
import { BusPublisher } from '../publisher.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

/** Holds each batch after its acks, before the checkpoint: widens the window a kill must survive. */
const slowAfterAcks = (bus: MessageBus, delayMs: number): MessageBus => ({
  publish: async (messages) => {
    const results = await bus.publish(messages);
    await sleep(delayMs);
    return results;
  },
  subscribe: (options) => bus.subscribe(options),
  ping: () => bus.ping(),
  close: () => bus.close(),
});

const eventStore = await openSqlEventStore(env('TEST_EVENTSTORE_URL'));
const store = await openReadModelStore(env('TEST_READ_DB_URL'));
const bus = await NatsMessageBus.connect({ servers: env('TEST_NATS_URL') });
const publisher = new BusPublisher({
  eventStore,
  bus: slowAfterAcks(bus, Number(env('TEST_DELAY_MS'))),
  checkpoints: await CheckpointStore.open(store),
  batchSize: Number(env('TEST_BATCH_SIZE')),
});
await publisher.start();
const reached = await publisher.waitForPosition(Number(env('TEST_TARGET')), 120_000);
await publisher.stop();
await bus.close();
await store.close();
await eventStore.close();
process.exit(reached ? 0 : 1);
