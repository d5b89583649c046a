import type { Role } from '@sapien/authorization';
import type { AuthenticatedUser, UserAuthenticator } from '../users.ts';

export type TestUser = Readonly<{
  userId: string;
  orgId: number;
  login: string;
  password: string;
  roles: readonly Role[];
  mfaCode?: string;
  /** Signs in only through the org's identity provider (never with the password). */
  ssoEnabled?: boolean;
}>;

/** A UserAuthenticator over a list, for tests: plain passwords, one fixed MFA code per user, SSO by login. */
export class TestUsers implements UserAuthenticator {
  private readonly users = new Map<string, TestUser>();

  constructor(users: readonly TestUser[] = []) {
    for (const user of users) this.add(user);
  }

  add(user: TestUser): void {
    this.users.set(user.userId, user);
  }

  remove(userId: string): void {
    this.users.delete(userId);
  }

  private view(user: TestUser | undefined): AuthenticatedUser | undefined {
    return user ? { userId: user.userId, orgId: user.orgId, roles: user.roles } : undefined;
  }

  async authenticate(orgId: number, login: string, password: string): Promise<AuthenticatedUser | undefined> {
    return this.view([...this.users.values()].find((u) => u.orgId === orgId && u.login === login && u.password === password && !u.ssoEnabled));
  }

  async findUser(userId: string): Promise<AuthenticatedUser | undefined> {
    return this.view(this.users.get(userId));
  }

  async mfaRequired(userId: string): Promise<boolean> {
    return this.users.get(userId)?.mfaCode !== undefined;
  }

  async findSsoUser(orgId: number, login: string): Promise<AuthenticatedUser | undefined> {
    const key = login.toLowerCase();
    return this.view([...this.users.values()].find((u) => u.orgId === orgId && u.login.toLowerCase() === key && u.ssoEnabled === true));
  }

  async verifyMfa(userId: string, code: string): Promise<boolean> {
    const expected = this.users.get(userId)?.mfaCode;
    return expected !== undefined && expected === code;
  }
}
