import type { EventStore, SubscriptionMessage } from '@sapien/event-store';
import type { RecordedEvent } from '@sapien/kernel';
import { abortable } from './abortable.ts';
import { backOff } from './backoff.ts';
import type { RuntimeLogger } from './logger.ts';

/** What a flush did: saved up to `position`, or found the saved checkpoint behind it (read again from there). */
export type FlushOutcome = Readonly<{ position: number }> | Readonly<{ restartFrom: number }>;

export type CheckpointedConsumerOptions = Readonly<{
  name: string;
  eventStore: EventStore;
  batchSize: number;
  logger: RuntimeLogger;
  /** The saved checkpoint to resume after. */
  resumePosition(): Promise<number>;
  /**
   * Processes a batch and saves the checkpoint; `expected` is the checkpoint the consumer believes
   * saved. `stopping` aborts when the consumer is stopped, for a flush that may wait without end.
   */
  flush(events: readonly RecordedEvent[], expected: number, stopping: AbortSignal): Promise<FlushOutcome>;
  onPosition(position: number): void;
}>;

/**
 * Reads the global log after its checkpoint and hands it on in batches: a batch is flushed when
 * full or when the subscription has caught up. Any failure (a flush, the subscription) is logged
 * and, after a back-off, the consumer reads again from its saved checkpoint, so a batch that
 * failed is retried, never skipped. `stop()` lets the batch in hand finish and be saved, unless
 * its flush gives up on the stop signal (then it is read again on the next start).
 */
export class CheckpointedConsumer {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(private readonly options: CheckpointedConsumerOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async run(): Promise<void> {
    const { name, logger } = this.options;
    while (!this.stopping.signal.aborted) {
      try {
        const after = await this.options.resumePosition();
        this.options.onPosition(after);
        await this.consume(after);
      } catch (error) {
        if (this.stopping.signal.aborted) {
          logger.warn({ consumer: name, err: error }, `${name} stopped before its batch was saved; it reads it again on its next start`);
          return;
        }
        logger.error({ consumer: name, err: error, attempt: this.failures + 1 }, `${name} failed; retrying from its checkpoint`);
        await backOff(this.failures, this.stopping.signal);
        this.failures += 1;
      }
    }
  }

  /** Returns when stopping, or when the saved checkpoint moved back (to read again from it). */
  private async consume(after: number): Promise<void> {
    const { eventStore, batchSize } = this.options;
    const local = new AbortController();
    const signal = AbortSignal.any([this.stopping.signal, local.signal]);
    const iterator = eventStore.subscribeToAll({ after, batchSize, signal })[Symbol.asyncIterator]();
    let expected = after;
    let batch: RecordedEvent[] = [];
    /** False when the consumer must read again from the saved checkpoint. */
    const flush = async (): Promise<boolean> => {
      const outcome = await this.options.flush(batch, expected, this.stopping.signal);
      batch = [];
      if ('restartFrom' in outcome) return false;
      expected = outcome.position;
      this.failures = 0;
      this.options.onPosition(expected);
      return true;
    };
    try {
      for (;;) {
        const next = await this.nextUnlessStopped(iterator);
        if (next === undefined) break;
        if (next.done === true) {
          if (this.stopping.signal.aborted) break;
          throw new Error('the subscription to the event log ended');
        }
        const message = next.value;
        if (message.type === 'event') batch.push(message.event);
        const due = message.type === 'event' ? batch.length >= batchSize : batch.length > 0;
        if (due && !(await flush())) return;
      }
      if (batch.length > 0) await flush();
    } finally {
      local.abort();
      await iterator.return?.(undefined);
    }
  }

  /** The subscription's next message, or undefined once stopping. */
  private async nextUnlessStopped(iterator: AsyncIterator<SubscriptionMessage>): Promise<IteratorResult<SubscriptionMessage> | undefined> {
    try {
      return await abortable(iterator.next(), this.stopping.signal);
    } catch (error) {
      if (this.stopping.signal.aborted) return undefined;
      throw error;
    }
  }
}
