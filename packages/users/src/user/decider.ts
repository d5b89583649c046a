import type { Decider } from '@sapien/kernel';
import type { UserCommand } from './commands.ts';
import { confirmTotp, enrolTotp, generateRecoveryCodes } from './decide-mfa.ts';
import { recordLoginAttempt, useRecoveryCode, useTotpCode } from './decide-login.ts';
import { changePassword, changeRoles, createUser, disableSso, enableSso, updateUser } from './decide-profile.ts';
import type { UserEvent } from './events.ts';
import { evolveUser } from './evolve.ts';
import { DEFAULT_LOCKOUT_POLICY, validateLockoutPolicy, type LockoutPolicy } from './lockout.ts';
import { initialUserState, type UserState } from './state.ts';

export type UserDecider = Decider<UserState, UserCommand, UserEvent>;

/** The user decider (stream `user-<userId>`) under a lock-out policy. */
export const createUserDecider = (policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): UserDecider => {
  validateLockoutPolicy(policy);
  const evolve = evolveUser(policy);
  const decide = (command: UserCommand, state: UserState): UserEvent[] => {
    switch (command.type) {
      case 'CreateUser':
        return createUser(command, state);
      case 'ChangePassword':
        return changePassword(command, state);
      case 'ChangeRoles':
        return changeRoles(command, state);
      case 'UpdateUser':
        return updateUser(command, state, evolve);
      case 'EnableSso':
        return enableSso(command, state);
      case 'DisableSso':
        return disableSso(command, state);
      case 'EnrolTotp':
        return enrolTotp(command, state);
      case 'ConfirmTotp':
        return confirmTotp(command, state);
      case 'GenerateRecoveryCodes':
        return generateRecoveryCodes(command, state);
      case 'RecordLoginAttempt':
        return recordLoginAttempt(policy, command, state);
      case 'UseTotpCode':
        return useTotpCode(policy, command, state);
      case 'UseRecoveryCode':
        return useRecoveryCode(policy, command, state);
      default: {
        const _never: never = command;
        throw new Error('unknown user command');
      }
    }
  };
  return { decide, evolve, initialState: initialUserState };
};

/** The user decider under the default policy: 5 failures within 15 minutes lock the account for 15 minutes. */
export const userDecider: UserDecider = createUserDecider();
