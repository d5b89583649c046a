import { setTimeout as sleep } from 'node:timers/promises';

type Waiter = Readonly<{ position: number; resolve: (reached: boolean) => void }>;

/** Positions of several consumers in memory, and waits for all of them to reach a position. */
export class PositionTracker {
  private readonly positions = new Map<string, number>();
  private waiters: Waiter[] = [];

  set(name: string, position: number): void {
    this.positions.set(name, position);
    this.waiters = this.waiters.filter((waiter) => {
      if (!this.reached(waiter.position)) return true;
      waiter.resolve(true);
      return false;
    });
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.positions);
  }

  reached(position: number): boolean {
    for (const value of this.positions.values()) if (value < position) return false;
    return true;
  }

  /** Resolves true once every consumer is at `position` or beyond, false after `timeoutMs`. */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return true;
    const controller = new AbortController();
    let waiter: Waiter | undefined;
    const reached = new Promise<boolean>((resolve) => {
      waiter = { position, resolve };
      this.waiters.push(waiter);
    });
    const timedOut = sleep(timeoutMs, false, { signal: controller.signal }).catch(() => false);
    const result = await Promise.race([reached, timedOut]);
    controller.abort();
    this.waiters = this.waiters.filter((other) => other !== waiter);
    return result;
  }
}
