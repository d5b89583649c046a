import type { EventStore } from '@sapien/event-store';
import type { RecordedEvent } from '@sapien/kernel';
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
  /** Processes a batch and saves the checkpoint; `expected` is the checkpoint the consumer believes saved. */
  flush(events: readonly RecordedEvent[], expected: number): Promise<FlushOutcome>;
  onPosition(position: number): void;
}>;

const STOPPED = Symbol('stopped');

/**
 * Reads the global log after its checkpoint and hands it on in batches: a batch is flushed when
 * full or when the subscription has caught up. Any failure (a flush, the subscription) is logged
 * and, after a back-off, the consumer reads again from its saved checkpoint, so a batch that
 * failed is retried, never skipped. `stop()` lets the batch in hand finish and be saved.
 */
export class CheckpointedConsumer {
  private readonly stopping = new AbortController();
  private readonly stopped: Promise<typeof STOPPED>;
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(private readonly options: CheckpointedConsumerOptions) {
    this.stopped = new Promise((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(STOPPED), { once: true }));
  }

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
      const outcome = await this.options.flush(batch, expected);
      batch = [];
      if ('restartFrom' in outcome) return false;
      expected = outcome.position;
      this.failures = 0;
      this.options.onPosition(expected);
      return true;
    };
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), this.stopped]);
        if (next === STOPPED) break;
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
}
