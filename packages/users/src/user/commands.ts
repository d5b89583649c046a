import type { Role } from '@sapien/authorization';
import type { Command } from '@sapien/kernel';

/**
 * Commands on one user's stream. No command carries a password, a TOTP secret or a recovery code
 * in clear: the edge hashes passwords and recovery codes, seals the TOTP secret and checks codes,
 * and hands the decider only what it needs to decide.
 */
type OfUser<Data = unknown> = Readonly<{ userId: string; orgId: number }> & Data;

export type CreateUser = Command<
  'CreateUser',
  OfUser<Readonly<{ login: string; displayName?: string; passwordHash: string; roles: readonly Role[] }>>
>;

export type ChangePassword = Command<'ChangePassword', OfUser<Readonly<{ passwordHash: string }>>>;

export type ChangeRoles = Command<'ChangeRoles', OfUser<Readonly<{ roles: readonly Role[] }>>>;

/** PATCH: any of the fields, decided together so that they land in one append. `displayName: null` clears it. */
export type UpdateUser = Command<
  'UpdateUser',
  OfUser<
    Readonly<{
      displayName?: string | null;
      roles?: readonly Role[];
      passwordHash?: string;
      ssoEnabled?: boolean;
    }>
  >
>;

export type EnableSso = Command<'EnableSso', OfUser>;
export type DisableSso = Command<'DisableSso', OfUser>;

/** Starts (or restarts) a TOTP enrolment with a secret the edge generated and sealed. */
export type EnrolTotp = Command<'EnrolTotp', OfUser<Readonly<{ sealedSecret: string }>>>;

/**
 * Confirms the pending enrolment: `step` is the time step the edge matched the code to (null when
 * it matched none); recovery codes generated with it land in the same append.
 */
export type ConfirmTotp = Command<'ConfirmTotp', OfUser<Readonly<{ step: number | null; recoveryCodeHashes?: readonly string[] }>>>;

/** The outcome of a password check the edge made against the stored hash. */
export type RecordLoginAttempt = Command<'RecordLoginAttempt', OfUser<Readonly<{ passwordValid: boolean }>>>;

/** A second factor by TOTP: the step the code matched (null when none). */
export type UseTotpCode = Command<'UseTotpCode', OfUser<Readonly<{ step: number | null }>>>;

export type GenerateRecoveryCodes = Command<'GenerateRecoveryCodes', OfUser<Readonly<{ codeHashes: readonly string[] }>>>;

/** A second factor by recovery code: the hash of the code entered. */
export type UseRecoveryCode = Command<'UseRecoveryCode', OfUser<Readonly<{ codeHash: string }>>>;

export type UserCommand =
  | CreateUser
  | ChangePassword
  | ChangeRoles
  | UpdateUser
  | EnableSso
  | DisableSso
  | EnrolTotp
  | ConfirmTotp
  | RecordLoginAttempt
  | UseTotpCode
  | GenerateRecoveryCodes
  | UseRecoveryCode;
