import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckpointStore } from './checkpoints.ts';

export type WaitForCheckpointsOptions = Readonly<{
  checkpoints: CheckpointStore;
  /** The consumers that must all have reached the position. */
  names: readonly string[];
  position: number;
  timeoutMs: number;
  /** How often to read the checkpoints again (default 25 ms). */
  pollIntervalMs?: number;
}>;

/**
 * For a process that does not run the projections itself (the API): true once every named
 * checkpoint is at `position` or beyond, false after `timeoutMs` (then: 503 with Retry-After).
 */
export const waitForCheckpoints = async (options: WaitForCheckpointsOptions): Promise<boolean> => {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const saved = new Map((await options.checkpoints.all()).map((row) => [row.name, row.position]));
    if (options.names.every((name) => (saved.get(name) ?? 0) >= options.position)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(options.pollIntervalMs ?? 25, left));
  }
};
