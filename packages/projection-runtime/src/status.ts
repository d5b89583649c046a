import type { EventStore } from '@sapien/event-store';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { CheckpointStore } from './checkpoints.ts';

export type ProjectionStatus = Readonly<{ name: string; position: number; head: number; lag: number }>;

export type ProjectionStatusOptions = Readonly<{
  store: ReadModelStore;
  eventStore: EventStore;
  /** Projections (or any checkpointed consumer, e.g. `{ name: 'nats-publisher' }`) to report on. */
  projections: readonly Readonly<{ name: string }>[];
}>;

/** Each consumer's checkpoint against the log's head: what `sapien projections status` prints. */
export const projectionStatus = async (options: ProjectionStatusOptions): Promise<ProjectionStatus[]> => {
  const checkpoints = await CheckpointStore.open(options.store);
  const saved = new Map((await checkpoints.all()).map((row) => [row.name, row.position]));
  const head = await options.eventStore.headPosition();
  return options.projections.map(({ name }) => {
    const position = saved.get(name) ?? 0;
    return { name, position, head, lag: Math.max(0, head - position) };
  });
};
