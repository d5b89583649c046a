/** The middle value (mean of the two middle ones for an even count). */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
};

/** Nearest-rank percentile (p in 0..100): the smallest value with at least p% of values at or below it. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
};

/** A loop, not Math.max(...values): a long run's latencies would overflow the call stack as arguments. */
export const maximum = (values: readonly number[]): number => {
  let max = Number.NaN;
  for (const value of values) if (!(value <= max)) max = value;
  return max;
};

export type LatencySummary = Readonly<{ count: number; p50: number; p99: number; max: number }>;

export const summarise = (latenciesMs: readonly number[]): LatencySummary => ({
  count: latenciesMs.length,
  p50: percentile(latenciesMs, 50),
  p99: percentile(latenciesMs, 99),
  max: maximum(latenciesMs),
});

/** Events per second of `count` events done in `elapsedMs`. */
export const perSecond = (count: number, elapsedMs: number): number => (count * 1000) / elapsedMs;
