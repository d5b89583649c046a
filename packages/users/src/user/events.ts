import type { Role } from '@sapien/authorization';
import type { DomainEvent, Instant } from '@sapien/kernel';

/**
 * Events of a user's stream. Credentials appear only as a scrypt hash (`passwordHash`), a sealed
 * (AES-256-GCM) TOTP secret and SHA-256 hashes of recovery codes. Login events carry `at` because
 * lock-out decisions are folded from them.
 */
export type UserCreated = DomainEvent<
  'UserCreated',
  Readonly<{ userId: string; orgId: number; login: string; displayName: string | null; roles: readonly Role[]; passwordHash: string }>
>;
export type UserPasswordChanged = DomainEvent<'UserPasswordChanged', Readonly<{ userId: string; passwordHash: string }>>;
export type UserRolesChanged = DomainEvent<
  'UserRolesChanged',
  Readonly<{ userId: string; roles: readonly Role[]; previousRoles: readonly Role[] }>
>;
export type UserDisplayNameChanged = DomainEvent<'UserDisplayNameChanged', Readonly<{ userId: string; displayName: string | null }>>;
export type UserSsoEnabled = DomainEvent<'UserSsoEnabled', Readonly<{ userId: string }>>;
export type UserSsoDisabled = DomainEvent<'UserSsoDisabled', Readonly<{ userId: string }>>;

export type TotpEnrolmentStarted = DomainEvent<'TotpEnrolmentStarted', Readonly<{ userId: string; sealedSecret: string }>>;
/** The pending secret becomes the active one; `step` is the confirming code's, so it cannot be replayed. */
export type TotpConfirmed = DomainEvent<'TotpConfirmed', Readonly<{ userId: string; step: number }>>;
export type TotpCodeUsed = DomainEvent<'TotpCodeUsed', Readonly<{ userId: string; step: number }>>;
/** Replaces any earlier set. */
export type RecoveryCodesGenerated = DomainEvent<'RecoveryCodesGenerated', Readonly<{ userId: string; codeHashes: readonly string[] }>>;
export type RecoveryCodeUsed = DomainEvent<'RecoveryCodeUsed', Readonly<{ userId: string; codeHash: string }>>;

export type LoginFactor = 'password' | 'totp' | 'recovery-code';
export type LoginFailureReason = 'wrong-password' | 'invalid-code' | 'replayed-code';

export type LoginFailed = DomainEvent<'LoginFailed', Readonly<{ userId: string; factor: LoginFactor; reason: LoginFailureReason; at: Instant }>>;
/** The last factor of a login passed: the password alone, or the second factor after it. */
export type LoginSucceeded = DomainEvent<
  'LoginSucceeded',
  Readonly<{ userId: string; secondFactor: 'totp' | 'recovery-code' | null; at: Instant }>
>;
export type AccountLocked = DomainEvent<'AccountLocked', Readonly<{ userId: string; until: Instant; failures: number; at: Instant }>>;

export type UserEvent =
  | UserCreated
  | UserPasswordChanged
  | UserRolesChanged
  | UserDisplayNameChanged
  | UserSsoEnabled
  | UserSsoDisabled
  | TotpEnrolmentStarted
  | TotpConfirmed
  | TotpCodeUsed
  | RecoveryCodesGenerated
  | RecoveryCodeUsed
  | LoginFailed
  | LoginSucceeded
  | AccountLocked;

export const USER_EVENT_TYPES: readonly UserEvent['type'][] = [
  'UserCreated',
  'UserPasswordChanged',
  'UserRolesChanged',
  'UserDisplayNameChanged',
  'UserSsoEnabled',
  'UserSsoDisabled',
  'TotpEnrolmentStarted',
  'TotpConfirmed',
  'TotpCodeUsed',
  'RecoveryCodesGenerated',
  'RecoveryCodeUsed',
  'LoginFailed',
  'LoginSucceeded',
  'AccountLocked',
];

export const isUserEvent = (event: DomainEvent): event is UserEvent => (USER_EVENT_TYPES as readonly string[]).includes(event.type);
