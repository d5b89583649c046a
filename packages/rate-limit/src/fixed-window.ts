import { instantFromEpochMicros, type Instant } from '@sapien/kernel';
import type { RateLimitDecision } from './limiter.ts';
import type { RateLimitPolicy } from './policy.ts';

/** One org's window: when it began and the requests counted in it (both in epoch microseconds). */
export type WindowCount = Readonly<{ windowStartMicros: bigint; count: number }>;

const MICROS_PER_SECOND = 1_000_000n;

export const windowMicrosOf = (policy: RateLimitPolicy): bigint => BigInt(policy.windowSeconds) * MICROS_PER_SECOND;

/** What counting a batch gives: the window after it, and the count its first request started from. */
export type Counted = Readonly<{ window: WindowCount; before: number }>;

/**
 * `n` more requests, exactly as n calls of one would count them (consume-function.ts does the same
 * in SQL): a window that has ended (`start <= now - w`) restarts at `now` from 0; otherwise each
 * request adds one to the count, which stops at limit + 1 so a flood cannot grow it without bound.
 * Request i of the batch was the (before + i)-th of its window.
 */
export const countRequests = (current: WindowCount | undefined, policy: RateLimitPolicy, nowMicros: bigint, n: number): Counted => {
  if (current === undefined || current.windowStartMicros <= nowMicros - windowMicrosOf(policy)) {
    return { window: { windowStartMicros: nowMicros, count: Math.min(n, policy.limit + 1) }, before: 0 };
  }
  const before = Math.min(current.count, policy.limit);
  return { window: { windowStartMicros: current.windowStartMicros, count: Math.min(before + n, policy.limit + 1) }, before };
};

/** Whole seconds, rounded up, from `now` to `end`; never negative. */
const secondsUntil = (end: bigint, now: bigint): number => {
  const micros = end - now;
  if (micros <= 0n) return 0;
  return Number((micros + MICROS_PER_SECOND - 1n) / MICROS_PER_SECOND);
};

/**
 * What a request counted as `counted` is told: allowed or not, and the RateLimit header values.
 * `windowStart`: the window's start as an Instant when the caller has it formatted already.
 */
export const decisionOf = (counted: WindowCount, policy: RateLimitPolicy, nowMicros: bigint, windowStart?: Instant): RateLimitDecision => {
  const allowed = counted.count <= policy.limit;
  const resetSeconds = secondsUntil(counted.windowStartMicros + windowMicrosOf(policy), nowMicros);
  return {
    allowed,
    limit: policy.limit,
    remaining: Math.max(0, policy.limit - counted.count),
    resetSeconds,
    retryAfterSeconds: allowed ? 0 : Math.max(1, resetSeconds),
    windowStart: windowStart ?? instantFromEpochMicros(counted.windowStartMicros),
  };
};
