import type { Cancel, Timers } from './timers.ts';

/** Timers that move only when told to: for specs of back-off, time-outs and silence. */
export class ManualTimers implements Timers {
  private current = 0;
  private readonly pending = new Set<{ at: number; callback: () => void }>();

  get waiting(): number {
    return this.pending.size;
  }

  now(): number {
    return this.current;
  }

  schedule(ms: number, callback: () => void): Cancel {
    const entry = { at: this.current + ms, callback };
    this.pending.add(entry);
    return () => {
      this.pending.delete(entry);
    };
  }

  /** Moves time on by `ms`, running what falls due in time order (and what those schedule). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const due = [...this.pending].filter((entry) => entry.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending.delete(due);
      this.current = due.at;
      due.callback();
    }
    this.current = end;
  }
}
