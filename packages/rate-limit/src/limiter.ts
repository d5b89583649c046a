import type { Instant } from '@sapien/kernel';
import type { RateLimitPolicy } from './policy.ts';

/** The answer to one request: whether it may pass, and what the RateLimit headers report. */
export type RateLimitDecision = Readonly<{
  allowed: boolean;
  /** The policy's quota, for RateLimit-Policy. */
  limit: number;
  /** Requests left in the current window after this one (0 when refused). */
  remaining: number;
  /** Whole seconds until the current window ends and the quota is back. */
  resetSeconds: number;
  /** 0 when allowed; otherwise whole seconds (at least 1) to wait, for Retry-After. */
  retryAfterSeconds: number;
  /** When the current window began: the window's identity. */
  windowStart: Instant;
}>;

/** The rate-limiter port: counts one request against an org and says whether it may pass. */
export interface RateLimiter {
  consume(orgId: number, policy: RateLimitPolicy, now: Instant): Promise<RateLimitDecision>;
  /** Writes any state still held in memory and stops background work; call once, when the API closes. */
  close(): Promise<void>;
}
