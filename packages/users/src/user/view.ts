import type { Role } from '@sapien/authorization';
import { isMfaEnabled, type ActiveUser } from './state.ts';

/** What may be shown of a user: never the password hash, the TOTP secret or the recovery codes. */
export type UserProfile = Readonly<{
  userId: string;
  orgId: number;
  login: string;
  displayName: string | null;
  roles: readonly Role[];
  ssoEnabled: boolean;
  mfaEnabled: boolean;
}>;

export const userProfileOf = (user: ActiveUser): UserProfile => ({
  userId: user.userId,
  orgId: user.orgId,
  login: user.login,
  displayName: user.displayName,
  roles: user.roles,
  ssoEnabled: user.ssoEnabled,
  mfaEnabled: isMfaEnabled(user),
});
