import type { SubscribeToAllOptions, SubscriptionMessage } from '@sapien/event-store';
import { validateReadAllOptions } from '@sapien/event-store';
import type { RecordedEvent } from '@sapien/kernel';
import { ValidationError } from '@sapien/kernel';
import type { Wakeup } from './wakeup.ts';

export const DEFAULT_BATCH_SIZE = 500;

/** What a catch-up subscription needs from the store. */
export type LogSource = Readonly<{
  readAfter(position: number, maxCount: number): Promise<RecordedEvent[]>;
  /** Runs before each read: makes sure another process's append will wake us (PostgreSQL LISTEN). */
  beforeRead(): Promise<void>;
  wakeup: Wakeup;
  pollIntervalMs: number;
  isClosed(): boolean;
}>;

/**
 * A catch-up subscription: reads batches after its position, yields their events, marks
 * `caughtUp` when a read comes back short (once per arrival at the head), then waits for a
 * wake-up or the poll interval. It only ever reads after the last position it yielded, and the
 * log is a gap-free committed prefix, so no event is skipped or repeated.
 */
export async function* catchUpSubscription(source: LogSource, options: SubscribeToAllOptions = {}): AsyncGenerator<SubscriptionMessage> {
  const { signal } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  validateReadAllOptions({ after: options.after });
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ValidationError('batchSize must be a positive integer', 'batchSize');
  let position = options.after ?? 0;
  let announced = false;
  const stopped = (): boolean => signal?.aborted === true || source.isClosed();
  while (!stopped()) {
    let seen: number;
    let batch: RecordedEvent[];
    try {
      await source.beforeRead();
      // Taken before the read, so an append committed during the read still wakes the wait below.
      seen = source.wakeup.generation;
      batch = await source.readAfter(position, batchSize);
    } catch (error) {
      // A read cut short by close() or abort ends the subscription quietly.
      if (stopped()) return;
      throw error;
    }
    for (const event of batch) {
      if (stopped()) return;
      yield { type: 'event', event };
      position = event.position;
      announced = false;
    }
    if (stopped()) return;
    if (batch.length < batchSize) {
      if (!announced) {
        yield { type: 'caughtUp', position };
        announced = true;
      }
      await source.wakeup.wait(seen, source.pollIntervalMs, signal);
    }
  }
}
