import type { AppendResult, ExpectedRevision } from '@sapien/event-store';
import type { UnplacedEventRow } from './rows.ts';

/** One append waiting for its turn; `deferFlush`: its caller allows a commit that is not flushed yet (AppendDurability). */
export type QueuedAppend = Readonly<{ streamId: string; rows: readonly UnplacedEventRow[]; expected: ExpectedRevision; deferFlush?: boolean }>;

export type AppendOutcome = Readonly<{ result: AppendResult; wrote: boolean }>;

export type AppendQueueSteps = Readonly<{
  /** One append on its own: the full path, with conflict and retry handling. */
  alone(append: QueuedAppend): Promise<AppendOutcome>;
  /**
   * Several appends in one transaction; undefined for each one that was not written (its stream is
   * elsewhere), which then runs alone. A throw (a stored event id, a lost connection) runs them all alone.
   */
  together(appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]>;
}>;

export type AppendQueueLimits = Readonly<{
  /** Appends written together at most. */
  maxAppends: number;
  /** Events written together at most (a lone append may hold more). */
  maxEvents: number;
}>;

export const DEFAULT_APPEND_QUEUE_LIMITS: AppendQueueLimits = { maxAppends: 100, maxEvents: 2_000 };

type Waiter = Readonly<{ append: QueuedAppend; resolve: (outcome: AppendOutcome) => void; reject: (error: unknown) => void }>;

/**
 * Group commit. Appends run one transaction at a time per store (the database serialises them
 * anyway); those that arrive while one runs wait and are written together by the next, so a
 * burst of concurrent appends costs one lock and one commit (one fsync) instead of one each. A
 * lone append takes the same path as before. Every caller gets exactly the answer it would have
 * had alone: anything but a clean write is redone on its own.
 */
export class AppendQueue {
  private readonly waiting: Waiter[] = [];
  private draining = false;

  constructor(
    private readonly steps: AppendQueueSteps,
    private readonly limits: AppendQueueLimits = DEFAULT_APPEND_QUEUE_LIMITS,
  ) {}

  append(append: QueuedAppend): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // Appends that other requests make in this turn of the event loop join the first one.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) await this.run(this.nextBatch());
    } finally {
      this.draining = false;
    }
  }

  /** The oldest waiting appends, within the limits (always at least one). */
  private nextBatch(): Waiter[] {
    let events = 0;
    let count = 0;
    for (const waiter of this.waiting) {
      if (count > 0 && (count >= this.limits.maxAppends || events + waiter.append.rows.length > this.limits.maxEvents)) break;
      events += waiter.append.rows.length;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }

  private async run(batch: readonly Waiter[]): Promise<void> {
    const [only] = batch;
    if (only !== undefined && batch.length === 1) return this.runAlone(only);
    let results: (AppendResult | undefined)[];
    try {
      results = await this.steps.together(batch.map((waiter) => waiter.append));
    } catch {
      results = [];
    }
    const left: Waiter[] = [];
    batch.forEach((waiter, index) => {
      const result = results[index];
      if (result === undefined) left.push(waiter);
      else waiter.resolve({ result, wrote: waiter.append.rows.length > 0 });
    });
    for (const waiter of left) await this.runAlone(waiter);
  }

  private async runAlone(waiter: Waiter): Promise<void> {
    try {
      waiter.resolve(await this.steps.alone(waiter.append));
    } catch (error) {
      waiter.reject(error);
    }
  }
}
