import type { LatencySummary } from './stats.ts';
import { perSecond, summarise } from './stats.ts';

export type CallReport = Readonly<{ calls: number; perSecond: number; latencies: LatencySummary }>;

/**
 * Closed loop in this thread: `concurrency` callers, each calling `call` again as soon as its last
 * call returned, until `seconds` have passed; the latency of each call, queueing included.
 */
export const runCallLoad = async (call: () => Promise<unknown>, concurrency: number, seconds: number): Promise<CallReport> => {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await call();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { calls: latencies.length, perSecond: perSecond(latencies.length, performance.now() - start), latencies: summarise(latencies) };
};
