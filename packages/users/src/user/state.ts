import type { Role } from '@sapien/authorization';
import type { Instant } from '@sapien/kernel';

export type ActiveUser = Readonly<{
  status: 'active';
  userId: string;
  orgId: number;
  login: string;
  displayName: string | null;
  roles: readonly Role[];
  passwordHash: string;
  ssoEnabled: boolean;
  /** The confirmed TOTP secret (sealed); MFA is on when set. */
  totpSecret: string | undefined;
  /** The highest time step used (confirmation or login): a code at or below it is a replay. */
  lastTotpStep: number;
  /** A started, unconfirmed enrolment (sealed secret). */
  pendingTotpSecret: string | undefined;
  /** Hashes of the recovery codes not used yet. */
  recoveryCodes: ReadonlySet<string>;
  /** Failed attempts since the last success or lock, newest last, at most the policy's maximum. */
  recentFailures: readonly Instant[];
  lockedUntil: Instant | undefined;
}>;

/** A user as its decider sees it: not yet created, or active. */
export type UserState = Readonly<{ status: 'absent' }> | ActiveUser;

export const initialUserState = (): UserState => ({ status: 'absent' });

export const isMfaEnabled = (user: ActiveUser): boolean => user.totpSecret !== undefined;
