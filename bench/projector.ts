import { openSqlEventStore } from '@sapien/event-store-sql';
import { NatsMessageBus } from '@sapien/message-bus-nats';
import { BusPublisher, CheckpointStore, ProjectionRunner } from '@sapien/projection-runtime';
import { eventLogProjection, orgsProjection } from '@sapien/projections';
import { openReadModelStore } from '@sapien/read-model-sql';
import { PrefixedBus } from './prefixed-bus.ts';
import { ProjectorChild } from './projector-child.ts';
import type { ProjectorConfig } from './projector-config.ts';

export type ProjectorPlacement = 'process' | 'in-process';

/** The lag benchmark's projector: Org.Orgs + EventLog and the NATS publisher, wherever they run. */
export type Projector = Readonly<{
  /** True once both projections have committed `position`, false after `timeoutMs`. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}>;

/** Runner and publisher in this process, on an event store connection of their own. */
const startInProcess = async (config: ProjectorConfig): Promise<Projector> => {
  const eventStore = await openSqlEventStore(config.eventStoreUrl);
  const store = await openReadModelStore(config.readModelUrl);
  const bus = await NatsMessageBus.connect({ servers: config.natsUrl, stream: config.stream, subjects: [`${config.prefix}.>`], name: 'sapien-bench-projector' });
  const runner = new ProjectionRunner({ eventStore, store, projections: [orgsProjection, eventLogProjection] });
  const publisher = new BusPublisher({ eventStore, bus: new PrefixedBus(bus, config.prefix), checkpoints: await CheckpointStore.open(store) });
  await runner.start();
  await publisher.start();
  return {
    waitForPosition: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
    async stop() {
      await publisher.stop();
      await runner.stop();
      await bus.close();
      await store.close();
      await eventStore.close();
    },
  };
};

export const startProjector = (placement: ProjectorPlacement, config: ProjectorConfig): Promise<Projector> =>
  placement === 'process' ? ProjectorChild.start(config) : startInProcess(config);
