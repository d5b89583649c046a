import type { EventStore } from '@sapien/event-store';
import type { MessageBus } from '@sapien/message-bus';
import { sapienEventMessage } from '@sapien/message-bus';
import type { CheckpointStore } from './checkpoints.ts';
import { CheckpointedConsumer } from './checkpointed-consumer.ts';
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
  readonly name: string;

  constructor(private readonly options: BusPublisherOptions) {
    this.name = options.name ?? DEFAULT_PUBLISHER_NAME;
  }

  async start(): Promise<void> {
    if (this.consumer !== undefined) return;
    const { eventStore, bus, checkpoints } = this.options;
    this.tracker.set(this.name, await checkpoints.get(this.name));
    this.consumer = new CheckpointedConsumer({
      name: this.name,
      eventStore,
      batchSize: this.options.batchSize ?? 500,
      logger: this.options.logger ?? stderrLogger,
      resumePosition: () => checkpoints.get(this.name),
      flush: async (events) => {
        await bus.publish(events.map(sapienEventMessage));
        const last = events.at(-1)?.position ?? 0;
        return { position: await checkpoints.advance(this.name, last) };
      },
      onPosition: (position) => this.tracker.set(this.name, position),
    });
    this.consumer.start();
  }

  /** Lets the batch in hand be published and saved, then resolves. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  positions(): Record<string, number> {
    return this.tracker.snapshot();
  }

  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    return this.tracker.waitFor(position, timeoutMs);
  }
}
