import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `fire(i)` for i in 0..count-1 at `rate` calls per second on an absolute schedule: an open
 * loop, so a slow call never delays the next one (a late timer fires what is due at once). Resolves
 * with the milliseconds the offering took.
 */
export const offerAtRate = async (count: number, rate: number, fire: (index: number) => void): Promise<number> => {
  const interval = 1000 / rate;
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const wait = start + index * interval - performance.now();
    if (wait >= 1) await sleep(wait);
    fire(index);
  }
  return performance.now() - start;
};

/** Promises started by an offering, awaited together; the first failure is kept and thrown. */
export class InFlight {
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;
  private failed = false;

  track(work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      (error: unknown) => {
        if (!this.failed) this.failure = error;
        this.failed = true;
      },
    );
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failed) throw this.failure;
  }
}
