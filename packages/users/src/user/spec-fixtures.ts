import type { Instant } from '@sapien/kernel';
import { instantFromEpochMicros, epochMicrosOf } from '@sapien/kernel';
import type { UserCommand } from './commands.ts';
import type { UserEvent } from './events.ts';

/** Shared givens of the user decider's specs: events as the decider writes them, commands at a time. */
export const USER_ID = '01950000-0000-7000-8000-000000000001';
export const ORG_ID = 42;
export const T0 = '2026-01-01T00:00:00.000000Z' as Instant;
export const HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
export const OTHER_HASH = 'scrypt$32768$8$1$b3RoZXJzYWx0b3RoZXJzYQ$b3RoZXJoYXNob3RoZXJoYXNob3RoZXJoYXNob3RoZXI';
export const SEALED = 'aes256gcm$0011aabb$aXZpdml2aXZpdml2$Y2lwaGVydGV4dA$dGFndGFndGFndGFndGFn';
export const CODE_HASHES = ['sha256$' + 'A'.repeat(43), 'sha256$' + 'B'.repeat(43), 'sha256$' + 'C'.repeat(43)];

export const at = (seconds: number): Instant => instantFromEpochMicros(epochMicrosOf(T0) + BigInt(seconds) * 1_000_000n);

export const command = <T extends UserCommand['type']>(
  type: T,
  data: Omit<Extract<UserCommand, { type: T }>['data'], 'userId' | 'orgId'> & Partial<{ userId: string; orgId: number }>,
  now: Instant = T0,
): UserCommand => ({ type, data: { userId: USER_ID, orgId: ORG_ID, ...data }, metadata: { now } }) as UserCommand;

export const created: UserEvent = {
  type: 'UserCreated',
  data: { userId: USER_ID, orgId: ORG_ID, login: 'alice', displayName: 'Alice', roles: ['member'], passwordHash: HASH },
};
export const enrolled: UserEvent = { type: 'TotpEnrolmentStarted', data: { userId: USER_ID, sealedSecret: SEALED } };
export const confirmed = (step = 100): UserEvent => ({ type: 'TotpConfirmed', data: { userId: USER_ID, step } });
export const codesGenerated: UserEvent = { type: 'RecoveryCodesGenerated', data: { userId: USER_ID, codeHashes: CODE_HASHES } };
export const withMfa: UserEvent[] = [created, enrolled, confirmed(100), codesGenerated];

export const failed = (seconds: number, factor: 'password' | 'totp' | 'recovery-code' = 'password'): UserEvent => ({
  type: 'LoginFailed',
  data: { userId: USER_ID, factor, reason: factor === 'password' ? 'wrong-password' : 'invalid-code', at: at(seconds) },
});
export const succeeded = (seconds: number, secondFactor: 'totp' | 'recovery-code' | null = null): UserEvent => ({
  type: 'LoginSucceeded',
  data: { userId: USER_ID, secondFactor, at: at(seconds) },
});
export const locked = (seconds: number, failures = 5): UserEvent => ({
  type: 'AccountLocked',
  data: { userId: USER_ID, until: at(seconds + 900), failures, at: at(seconds) },
});
