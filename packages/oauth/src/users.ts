import type { Role } from '@sapien/authorization';

/** A user who proved who they are: one org, some roles. */
export type AuthenticatedUser = Readonly<{ userId: string; orgId: number; roles: readonly Role[] }>;

/**
 * The port through which the login interaction checks users (packages/users implements it).
 * `findUser` is asked on every code exchange and refresh, so a removed user gets no new tokens.
 */
export interface UserAuthenticator {
  /** The user with this login in this org, if the password is theirs. */
  authenticate(orgId: number, login: string, password: string): Promise<AuthenticatedUser | undefined>;
  findUser(userId: string): Promise<AuthenticatedUser | undefined>;
  /** Whether the user must also give a second factor (TOTP enrolled). Absent: never. */
  mfaRequired?(userId: string): Promise<boolean>;
  /** Checks a second-factor code (TOTP or recovery code). Required when mfaRequired can say yes. */
  verifyMfa?(userId: string, code: string): Promise<boolean>;
  /**
   * The user of this org with this login (compared as logins are), if it signs in through the
   * org's identity provider (SSO enabled). Absent: nobody signs in with single sign-on.
   */
  findSsoUser?(orgId: number, login: string): Promise<AuthenticatedUser | undefined>;
}

/** No users yet: every login fails. For a composition without packages/users. */
export const NO_USERS: UserAuthenticator = {
  authenticate: async () => undefined,
  findUser: async () => undefined,
};
