import type { UserEvent } from '@sapien/users';
import type { RecordedUnion } from '../support/recorded.ts';
import type { UserRow } from './tables.ts';

export type UserRecorded = RecordedUnion<UserEvent>;

type DbTime = (instant: UserRecorded['occurredAt']) => unknown;

/** The row after one user event: the same object when it changes nothing (LastEventPosition guards replays). */
export const applyUserEvent = (row: UserRow | undefined, event: UserRecorded, dbTime: DbTime): UserRow | undefined => {
  const at = dbTime(event.occurredAt);
  if (event.type === 'UserCreated') {
    if (row !== undefined) return row;
    const { userId, orgId, login, displayName, roles } = event.data;
    return {
      UserId: userId,
      OrgId: orgId,
      Login: login,
      DisplayName: displayName,
      Roles: roles.join(','),
      SsoEnabled: false,
      MfaEnabled: false,
      RecoveryCodesLeft: 0,
      LockedUntil: null,
      LastLoginAt: null,
      PasswordChangedAt: at,
      CreatedAt: at,
      UpdatedAt: at,
      LastEventPosition: event.position,
    };
  }
  if (row === undefined || row.LastEventPosition >= event.position) return row;
  const changed = (change: Partial<UserRow>): UserRow => ({ ...row, ...change, UpdatedAt: at, LastEventPosition: event.position });
  // Login outcomes are not profile changes: they move their own columns, not UpdatedAt.
  const logged = (change: Partial<UserRow>): UserRow => ({ ...row, ...change, LastEventPosition: event.position });
  switch (event.type) {
    case 'UserPasswordChanged':
      return changed({ PasswordChangedAt: at });
    case 'UserRolesChanged':
      return changed({ Roles: event.data.roles.join(',') });
    case 'UserDisplayNameChanged':
      return changed({ DisplayName: event.data.displayName });
    case 'UserSsoEnabled':
      return changed({ SsoEnabled: true });
    case 'UserSsoDisabled':
      return changed({ SsoEnabled: false });
    case 'TotpConfirmed':
      return changed({ MfaEnabled: true });
    case 'RecoveryCodesGenerated':
      return changed({ RecoveryCodesLeft: event.data.codeHashes.length });
    case 'RecoveryCodeUsed':
      return logged({ RecoveryCodesLeft: Math.max(0, row.RecoveryCodesLeft - 1) });
    case 'LoginSucceeded':
      return logged({ LastLoginAt: dbTime(event.data.at), LockedUntil: null });
    case 'AccountLocked':
      return logged({ LockedUntil: dbTime(event.data.until) });
    case 'TotpEnrolmentStarted':
    case 'TotpCodeUsed':
    case 'LoginFailed':
      return row;
    default: {
      const _never: never = event;
      return row;
    }
  }
};
