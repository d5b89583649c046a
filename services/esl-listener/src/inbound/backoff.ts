export type BackoffOptions = Readonly<{ minMs: number; maxMs: number }>;

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 100, maxMs: 10_000 };

/**
 * The wait before reconnect attempt `attempt` (0 after a working connection dropped): anywhere
 * between `minMs` and a ceiling doubling per attempt up to `maxMs` (full jitter), so listeners
 * that lost the same FreeSWITCH do not come back in step; never below `minMs`, so never a hot loop.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.minMs * 2 ** Math.min(attempt, 32));
  const draw = random();
  const unit = draw > 1 ? 1 : draw >= 0 ? draw : 0; // NaN and negatives read as 0
  return options.minMs + unit * Math.max(ceiling - options.minMs, 0);
}
