import type { UserEvent } from './events.ts';
import type { LockoutPolicy } from './lockout.ts';
import type { ActiveUser, UserState } from './state.ts';

const onActive = (state: UserState, change: (user: ActiveUser) => ActiveUser): UserState => (state.status === 'active' ? change(state) : state);

/** Folds one user event into the state; the policy bounds how many recent failures are kept. */
export const evolveUser =
  (policy: LockoutPolicy) =>
  (state: UserState, event: UserEvent): UserState => {
    switch (event.type) {
      case 'UserCreated': {
        const { userId, orgId, login, displayName, roles, passwordHash } = event.data;
        return {
          status: 'active',
          userId,
          orgId,
          login,
          displayName,
          roles,
          passwordHash,
          ssoEnabled: false,
          totpSecret: undefined,
          lastTotpStep: -1,
          pendingTotpSecret: undefined,
          recoveryCodes: new Set(),
          recentFailures: [],
          lockedUntil: undefined,
        };
      }
      case 'UserPasswordChanged':
        return onActive(state, (user) => ({ ...user, passwordHash: event.data.passwordHash }));
      case 'UserRolesChanged':
        return onActive(state, (user) => ({ ...user, roles: event.data.roles }));
      case 'UserDisplayNameChanged':
        return onActive(state, (user) => ({ ...user, displayName: event.data.displayName }));
      case 'UserSsoEnabled':
        return onActive(state, (user) => ({ ...user, ssoEnabled: true }));
      case 'UserSsoDisabled':
        return onActive(state, (user) => ({ ...user, ssoEnabled: false }));
      case 'TotpEnrolmentStarted':
        return onActive(state, (user) => ({ ...user, pendingTotpSecret: event.data.sealedSecret }));
      case 'TotpConfirmed':
        return onActive(state, (user) => ({
          ...user,
          totpSecret: user.pendingTotpSecret ?? user.totpSecret,
          pendingTotpSecret: undefined,
          lastTotpStep: event.data.step,
        }));
      case 'TotpCodeUsed':
        return onActive(state, (user) => ({ ...user, lastTotpStep: Math.max(user.lastTotpStep, event.data.step) }));
      case 'RecoveryCodesGenerated':
        return onActive(state, (user) => ({ ...user, recoveryCodes: new Set(event.data.codeHashes) }));
      case 'RecoveryCodeUsed':
        return onActive(state, (user) => ({
          ...user,
          recoveryCodes: new Set([...user.recoveryCodes].filter((hash) => hash !== event.data.codeHash)),
        }));
      case 'LoginFailed':
        return onActive(state, (user) => ({ ...user, recentFailures: [...user.recentFailures, event.data.at].slice(-policy.maxFailures) }));
      case 'LoginSucceeded':
        return onActive(state, (user) => ({ ...user, recentFailures: [], lockedUntil: undefined }));
      case 'AccountLocked':
        // The lock starts a new count: after it ends, the user has the full number of attempts again.
        return onActive(state, (user) => ({ ...user, recentFailures: [], lockedUntil: event.data.until }));
      default: {
        const _never: never = event;
        return state;
      }
    }
  };
