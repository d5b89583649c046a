export type Cancel = () => void;

/** Time as the connections see it; tests inject their own. */
export interface Timers {
  /** Calls `callback` after `ms`; the returned function cancels it. */
  schedule(ms: number, callback: () => void): Cancel;
  /** A monotonic reading in milliseconds. */
  now(): number;
}

export const systemTimers: Timers = {
  schedule: (ms, callback) => {
    const timer = setTimeout(callback, ms);
    return () => clearTimeout(timer);
  },
  now: () => performance.now(),
};
