import { setTimeout as sleep } from 'node:timers/promises';

const FIRST_MS = 100;
const LONGEST_MS = 30_000;

/** Exponential back-off with jitter: 100 ms, 200 ms, … up to 30 s. */
export const backoffDelay = (attempt: number): number => {
  const ceiling = Math.min(LONGEST_MS, FIRST_MS * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
};

/** Waits the back-off for `attempt`, or less when `signal` aborts (never throws). */
export const backOff = async (attempt: number, signal: AbortSignal): Promise<void> => {
  if (signal.aborted) return;
  try {
    await sleep(backoffDelay(attempt), undefined, { signal });
  } catch {
    // aborted: the caller is stopping
  }
};
