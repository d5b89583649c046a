import type { EventStore } from '@sapien/event-store';
import type { MessageBus } from '@sapien/message-bus';
import { BusPublisher, CheckpointStore, ProjectionRunner } from '@sapien/projection-runtime';
import type { Projection, RuntimeLogger } from '@sapien/projection-runtime';
import type { ReadModelStore } from '@sapien/read-model-sql';

export type ProjectorDependencies = Readonly<{
  eventStore: EventStore;
  readModels: ReadModelStore;
  bus: MessageBus;
  projections: readonly Projection[];
  logger: RuntimeLogger;
  batchSize?: number;
}>;

export type RunningProjector = Readonly<{
  runner: ProjectionRunner;
  publisher: BusPublisher;
  /** Lets the in-flight batches finish and their checkpoints be saved. */
  stop(): Promise<void>;
}>;

/**
 * The projector service: every projection into the read models, and the bus publisher, each from
 * its own checkpoint in the read-model database.
 */
export const startProjector = async (deps: ProjectorDependencies): Promise<RunningProjector> => {
  const runner = new ProjectionRunner({
    eventStore: deps.eventStore,
    store: deps.readModels,
    projections: deps.projections,
    logger: deps.logger,
    ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
  });
  const publisher = new BusPublisher({
    eventStore: deps.eventStore,
    bus: deps.bus,
    checkpoints: await CheckpointStore.open(deps.readModels),
    logger: deps.logger,
    ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
  });
  await runner.start();
  await publisher.start();
  deps.logger.info({ projections: deps.projections.map((projection) => projection.name), publisher: publisher.name }, 'projector started');
  return {
    runner,
    publisher,
    async stop() {
      await Promise.all([runner.stop(), publisher.stop()]);
      deps.logger.info({ positions: runner.positions() }, 'projector stopped, checkpoints saved');
    },
  };
};
