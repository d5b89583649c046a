import { ConflictError, type Instant } from '@sapien/kernel';
import { AccountLockedError } from '../errors.ts';
import { validateRecoveryCodeHash, validateStep } from '../validation.ts';
import type { RecordLoginAttempt, UseRecoveryCode, UseTotpCode } from './commands.ts';
import type { LoginFactor, LoginFailureReason, UserEvent } from './events.ts';
import { failuresWithin, isLockedAt, lockEnd, type LockoutPolicy } from './lockout.ts';
import { requireUser } from './require-user.ts';
import { isMfaEnabled, type ActiveUser, type UserState } from './state.ts';

/** While locked, attempts are refused without being recorded: a lock bounds the events an attacker can cause. */
const refuseWhileLocked = (user: ActiveUser, now: Instant): void => {
  if (isLockedAt(user, now) && user.lockedUntil !== undefined) throw new AccountLockedError(user.lockedUntil);
};

const requireMfa = (user: ActiveUser): void => {
  if (!isMfaEnabled(user)) throw new ConflictError('mfa-not-enabled', 'the user has no confirmed second factor', { userId: user.userId });
};

/** A failed attempt, and the lock when it is the policy's last allowed failure within the window. */
const failure = (policy: LockoutPolicy, user: ActiveUser, factor: LoginFactor, reason: LoginFailureReason, now: Instant): UserEvent[] => {
  const events: UserEvent[] = [{ type: 'LoginFailed', data: { userId: user.userId, factor, reason, at: now } }];
  const failures = failuresWithin(policy, user, now);
  if (failures >= policy.maxFailures) {
    events.push({ type: 'AccountLocked', data: { userId: user.userId, until: lockEnd(policy, now), failures, at: now } });
  }
  return events;
};

export const recordLoginAttempt = (policy: LockoutPolicy, { data, metadata }: RecordLoginAttempt, state: UserState): UserEvent[] => {
  const user = requireUser(state, data);
  if (user.ssoEnabled) {
    throw new ConflictError('sso-required', "this user signs in through the organisation's identity provider", { userId: user.userId });
  }
  refuseWhileLocked(user, metadata.now);
  if (!data.passwordValid) return failure(policy, user, 'password', 'wrong-password', metadata.now);
  // The password alone does not log in a user with MFA: the second factor decides.
  if (isMfaEnabled(user)) return [];
  return [{ type: 'LoginSucceeded', data: { userId: user.userId, secondFactor: null, at: metadata.now } }];
};

export const useTotpCode = (policy: LockoutPolicy, { data, metadata }: UseTotpCode, state: UserState): UserEvent[] => {
  const user = requireUser(state, data);
  refuseWhileLocked(user, metadata.now);
  requireMfa(user);
  const step = validateStep(data.step);
  if (step === null) return failure(policy, user, 'totp', 'invalid-code', metadata.now);
  // RFC 6238 §5.2: a code is accepted once; any code of a step not after the last used one is a replay.
  if (step <= user.lastTotpStep) return failure(policy, user, 'totp', 'replayed-code', metadata.now);
  return [
    { type: 'TotpCodeUsed', data: { userId: user.userId, step } },
    { type: 'LoginSucceeded', data: { userId: user.userId, secondFactor: 'totp', at: metadata.now } },
  ];
};

export const useRecoveryCode = (policy: LockoutPolicy, { data, metadata }: UseRecoveryCode, state: UserState): UserEvent[] => {
  const user = requireUser(state, data);
  refuseWhileLocked(user, metadata.now);
  requireMfa(user);
  const codeHash = validateRecoveryCodeHash(data.codeHash);
  if (!user.recoveryCodes.has(codeHash)) return failure(policy, user, 'recovery-code', 'invalid-code', metadata.now);
  return [
    { type: 'RecoveryCodeUsed', data: { userId: user.userId, codeHash } },
    { type: 'LoginSucceeded', data: { userId: user.userId, secondFactor: 'recovery-code', at: metadata.now } },
  ];
};
