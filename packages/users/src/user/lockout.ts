import { ValidationError, epochMicrosOf, instantFromEpochMicros, type Instant } from '@sapien/kernel';
import type { ActiveUser } from './state.ts';

/** After `maxFailures` failed attempts within `windowSeconds`, logins are refused for `lockSeconds`. */
export type LockoutPolicy = Readonly<{ maxFailures: number; windowSeconds: number; lockSeconds: number }>;

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export const validateLockoutPolicy = (policy: LockoutPolicy): LockoutPolicy => {
  const { maxFailures, windowSeconds, lockSeconds } = policy;
  if (!Number.isInteger(maxFailures) || maxFailures < 1 || maxFailures > 100) throw new ValidationError('maxFailures must be 1 to 100', 'maxFailures');
  if (!Number.isInteger(windowSeconds) || windowSeconds < 1) throw new ValidationError('windowSeconds must be a positive integer', 'windowSeconds');
  if (!Number.isInteger(lockSeconds) || lockSeconds < 1) throw new ValidationError('lockSeconds must be a positive integer', 'lockSeconds');
  return policy;
};

const plusSeconds = (instant: Instant, seconds: number): Instant => instantFromEpochMicros(epochMicrosOf(instant) + BigInt(seconds) * 1_000_000n);

/** Whether the account is locked at `now` (a lock ends by itself when its time is up). */
export const isLockedAt = (user: ActiveUser, now: Instant): boolean =>
  user.lockedUntil !== undefined && epochMicrosOf(now) < epochMicrosOf(user.lockedUntil);

/** Failures still inside the window at `now`, the new one included. */
export const failuresWithin = (policy: LockoutPolicy, user: ActiveUser, now: Instant): number => {
  const windowStart = epochMicrosOf(now) - BigInt(policy.windowSeconds) * 1_000_000n;
  return user.recentFailures.filter((at) => epochMicrosOf(at) > windowStart).length + 1;
};

export const lockEnd = (policy: LockoutPolicy, now: Instant): Instant => plusSeconds(now, policy.lockSeconds);
