import type { Role } from '@sapien/authorization';

/** What a person types on the login page. */
export type Credentials = Readonly<{ orgId: number; login: string; password: string }>;

/** An active user: who they are, in which org, with which roles. */
export type UserIdentity = Readonly<{ userId: string; orgId: number; roles: readonly Role[] }>;

/** A user whose password is right; `mfaRequired` says a second factor must follow before the login counts. */
export type AuthenticatedUser = UserIdentity & Readonly<{ mfaRequired: boolean }>;

/** Ties the events a login records to the request that caused them. */
export type AuthenticationContext = Readonly<{ correlationId?: string }>;

/**
 * The port the OAuth login interaction uses. Both checks record the attempt (failures count
 * towards lock-out) and never say why a login failed: unknown login, wrong password, locked
 * account and SSO-only user all answer `undefined` / `false`.
 */
export interface UserAuthenticator {
  authenticate(credentials: Credentials, context?: AuthenticationContext): Promise<AuthenticatedUser | undefined>;
  /** A TOTP code (six digits) or a recovery code; true when it completes the login. */
  verifySecondFactor(userId: string, code: string, context?: AuthenticationContext): Promise<boolean>;
  /** The user if it exists: asked again on each token exchange and refresh. */
  findUser(userId: string): Promise<UserIdentity | undefined>;
}
