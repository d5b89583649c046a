import { StartOnce } from './start-once.ts';
import type { EventStore } from '@sapien/event-store';
import type { RecordedEvent } from '@sapien/kernel';
import { writeTransaction } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { CheckpointStore } from './checkpoints.ts';
import { CheckpointedConsumer } from './checkpointed-consumer.ts';
import type { FlushOutcome } from './checkpointed-consumer.ts';
import { CheckpointAheadOfLog, rebuildRemedy } from './errors.ts';
import { stderrLogger } from './logger.ts';
import type { RuntimeLogger } from './logger.ts';
import { PositionTracker } from './position-tracker.ts';
import { liveTables } from './projection.ts';
import type { Projection, ProjectionContext } from './projection.ts';

export const DEFAULT_BATCH_SIZE = 500;

export type ProjectionRunnerOptions = Readonly<{
  eventStore: EventStore;
  store: ReadModelStore;
  projections: readonly Projection[];
  /** Events per transaction (default 500). */
  batchSize?: number;
  logger?: RuntimeLogger;
}>;

/**
 * Runs projections from the event store's global log. Each projection has its own checkpoint and
 * its own subscription, so a failing projection is retried on its own while the others go on, and
 * a rebuilt one resumes from its new checkpoint. One transaction per batch holds the projection's
 * rows and its checkpoint, and starts by locking the checkpoint: if a rebuild (or another runner)
 * moved it on meanwhile, the events it already covers are left out, so none is applied twice.
 */
export class ProjectionRunner {
  private readonly tracker = new PositionTracker();
  private consumers: CheckpointedConsumer[] = [];
  /** The start in progress or done: concurrent calls share it, and stop() waits for it. */
  private readonly life = new StartOnce();
  private readonly batchSize: number;
  private readonly logger: RuntimeLogger;

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.logger = options.logger ?? stderrLogger;
    const names = options.projections.map((projection) => projection.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) throw new TypeError(`projection ${twice} is listed twice`);
  }

  /**
   * Creates missing tables, then runs every projection in the background. Refuses to start
   * (CheckpointAheadOfLog) when a saved checkpoint is past the log's head.
   */
  start(): Promise<void> {
    return this.life.start(() => this.startConsumers());
  }

  private async startConsumers(): Promise<void> {
    const { store, eventStore, projections } = this.options;
    const checkpoints = await CheckpointStore.open(store);
    const context: ProjectionContext = { dialect: store.dialect, names: liveTables };
    const positions = new Map<string, number>();
    for (const projection of projections) {
      // Under the checkpoint's lock, so it never meets a rebuild's swap half-way.
      const position = await writeTransaction(store, async (trx) => {
        const saved = await checkpoints.lock(trx, projection.name);
        await projection.createTables(trx, context);
        return saved;
      });
      positions.set(projection.name, position);
    }
    // Read after the checkpoints: the head only grows, so a checkpoint past it is past the log.
    const head = await eventStore.headPosition();
    for (const [name, position] of positions) {
      if (position > head) throw new CheckpointAheadOfLog(`projection ${name}`, position, head, rebuildRemedy(name));
    }
    if (this.life.stopRequested) return; // stopped meanwhile: its stores may close now
    for (const [name, position] of positions) this.tracker.set(name, position);
    this.consumers = projections.map(
      (projection) =>
        new CheckpointedConsumer({
          name: projection.name,
          eventStore,
          batchSize: this.batchSize,
          logger: this.logger,
          resumePosition: () => checkpoints.get(projection.name),
          flush: (events, expected) => this.flush(checkpoints, projection, context, events, expected),
          onPosition: (position) => this.tracker.set(projection.name, position),
        }),
    );
    for (const consumer of this.consumers) consumer.start();
  }

  /** Lets every in-flight batch finish and be saved, then resolves; a start in progress starts nothing. */
  stop(): Promise<void> {
    return this.life.stop(async () => {
      const consumers = this.consumers;
      this.consumers = [];
      await Promise.all(consumers.map((consumer) => consumer.stop()));
    });
  }

  /** The position each projection has committed, by name. */
  positions(): Record<string, number> {
    return this.tracker.snapshot();
  }

  /** True once every projection has committed `position` (read-your-writes), false after `timeoutMs`. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.tracker.waitFor(position, timeoutMs);
  }

  private flush(
    checkpoints: CheckpointStore,
    projection: Projection,
    context: ProjectionContext,
    events: readonly RecordedEvent[],
    expected: number,
  ): Promise<FlushOutcome> {
    return writeTransaction(this.options.store, async (trx) => {
      const saved = await checkpoints.lock(trx, projection.name);
      if (saved < expected) return { restartFrom: saved };
      const fresh = events.filter((event) => event.position > saved);
      const last = fresh.at(-1);
      if (last === undefined) return { position: saved };
      await projection.handle(trx, fresh, context);
      await checkpoints.save(trx, projection.name, last.position);
      return { position: last.position };
    });
  }
}
