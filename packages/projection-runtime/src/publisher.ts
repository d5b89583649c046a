import { StartOnce } from './start-once.ts';
import type { EventStore } from '@sapien/event-store';
import type { MessageBus } from '@sapien/message-bus';
import { sapienEventMessage } from '@sapien/message-bus';
import { abortable } from './abortable.ts';
import type { CheckpointStore } from './checkpoints.ts';
import { CheckpointedConsumer } from './checkpointed-consumer.ts';
import { CheckpointAheadOfLog } from './errors.ts';
import { stderrLogger } from './logger.ts';
import type { RuntimeLogger } from './logger.ts';
import { PositionTracker } from './position-tracker.ts';

export const DEFAULT_PUBLISHER_NAME = 'nats-publisher';

export type BusPublisherOptions = Readonly<{
  eventStore: EventStore;
  bus: MessageBus;
  checkpoints: CheckpointStore;
  /** Its checkpoint's name (default `nats-publisher`). */
  name?: string;
  /** Events per publish (default 500). */
  batchSize?: number;
  logger?: RuntimeLogger;
}>;

/**
 * Publishes every event of the global log to the bus from its own checkpoint: a batch is published,
 * every ack awaited, and only then the checkpoint saved. A crash in between publishes the batch
 * again (at least once); the bus drops the copies by message id (the event id), so a subscriber
 * sees each event once. Never publishes from an append's after-commit hook, which could lose one.
 */
export class BusPublisher {
  private readonly tracker = new PositionTracker();
  private consumer: CheckpointedConsumer | undefined;
  /** The start in progress or done: concurrent calls share it, and stop() waits for it. */
  private readonly life = new StartOnce();
  readonly name: string;

  constructor(private readonly options: BusPublisherOptions) {
    this.name = options.name ?? DEFAULT_PUBLISHER_NAME;
  }

  /** Publishes in the background; refuses to start (CheckpointAheadOfLog) when its checkpoint is past the log's head. */
  start(): Promise<void> {
    return this.life.start(() => this.startConsumer());
  }

  private async startConsumer(): Promise<void> {
    const { eventStore, bus, checkpoints } = this.options;
    const saved = await checkpoints.get(this.name);
    const head = await eventStore.headPosition();
    if (saved > head) {
      const remedy = `restore the event store that matches the read database, or, to publish this event store from its start, delete the checkpoint (delete from sapien_checkpoints where name = '${this.name}').`;
      throw new CheckpointAheadOfLog(`publisher ${this.name}`, saved, head, remedy);
    }
    if (this.life.stopRequested) return; // stopped meanwhile: its stores may close now
    this.tracker.set(this.name, saved);
    this.consumer = new CheckpointedConsumer({
      name: this.name,
      eventStore,
      batchSize: this.options.batchSize ?? 500,
      logger: this.options.logger ?? stderrLogger,
      resumePosition: () => checkpoints.get(this.name),
      flush: async (events, _expected, stopping) => {
        // Stopping gives up a publish still waiting for acks (the bus is down) without saving the
        // checkpoint: the next start publishes the batch again and the bus drops the copies by id.
        await abortable(bus.publish(events.map(sapienEventMessage)), stopping);
        const last = events.at(-1)?.position ?? 0;
        return { position: await checkpoints.advance(this.name, last) };
      },
      onPosition: (position) => this.tracker.set(this.name, position),
    });
    this.consumer.start();
  }

  /** Stops publishing; a batch still waiting for its acks is not saved (see flush). A start in progress starts nothing. */
  stop(): Promise<void> {
    return this.life.stop(async () => {
      const consumer = this.consumer;
      this.consumer = undefined;
      await consumer?.stop();
    });
  }

  positions(): Record<string, number> {
    return this.tracker.snapshot();
  }

  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.tracker.waitFor(position, timeoutMs);
  }
}
