import type { Role } from '@sapien/authorization';
import { ConflictError } from '@sapien/kernel';
import { validateOrgId } from '@sapien/organisations';
import {
  validateDisplayName,
  validateLogin,
  validatePasswordHash,
  validateRoles,
  validateUuid,
} from '../validation.ts';
import type { ChangePassword, ChangeRoles, CreateUser, DisableSso, EnableSso, UpdateUser } from './commands.ts';
import type { UserEvent } from './events.ts';
import { requireUser } from './require-user.ts';
import type { ActiveUser, UserState } from './state.ts';

type Evolve = (state: UserState, event: UserEvent) => UserState;

export const createUser = ({ data }: CreateUser, state: UserState): UserEvent[] => {
  const userId = validateUuid(data.userId, 'userId');
  const orgId = validateOrgId(data.orgId);
  const login = validateLogin(data.login);
  const displayName = data.displayName === undefined ? null : validateDisplayName(data.displayName);
  const passwordHash = validatePasswordHash(data.passwordHash);
  const roles = validateRoles(data.roles);
  if (state.status !== 'absent') throw new ConflictError('user-exists', `user ${userId} already exists`, { userId });
  return [{ type: 'UserCreated', data: { userId, orgId, login, displayName, roles, passwordHash } }];
};

const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((role, i) => role === b[i]);

const rolesChange = (user: ActiveUser, value: unknown): UserEvent[] => {
  const roles = validateRoles(value);
  if (sameRoles(roles, user.roles)) return [];
  return [{ type: 'UserRolesChanged', data: { userId: user.userId, roles, previousRoles: user.roles } }];
};

// Every new hash has a new salt, so a password change always records an event, even to the same password.
const passwordChange = (user: ActiveUser, value: unknown): UserEvent[] => [
  { type: 'UserPasswordChanged', data: { userId: user.userId, passwordHash: validatePasswordHash(value) } },
];

const displayNameChange = (user: ActiveUser, value: unknown): UserEvent[] => {
  const displayName = value === null ? null : validateDisplayName(value);
  if (displayName === user.displayName) return [];
  return [{ type: 'UserDisplayNameChanged', data: { userId: user.userId, displayName } }];
};

const ssoChange = (user: ActiveUser, enabled: boolean): UserEvent[] => {
  if (user.ssoEnabled === enabled) return [];
  return [{ type: enabled ? 'UserSsoEnabled' : 'UserSsoDisabled', data: { userId: user.userId } }];
};

export const changePassword = ({ data }: ChangePassword, state: UserState): UserEvent[] => passwordChange(requireUser(state, data), data.passwordHash);

export const changeRoles = ({ data }: ChangeRoles, state: UserState): UserEvent[] => rolesChange(requireUser(state, data), data.roles);

export const enableSso = ({ data }: EnableSso, state: UserState): UserEvent[] => ssoChange(requireUser(state, data), true);

export const disableSso = ({ data }: DisableSso, state: UserState): UserEvent[] => ssoChange(requireUser(state, data), false);

/** Each given field decided in turn on the state the previous ones left, so the append holds them all or none. */
export const updateUser = ({ data }: UpdateUser, state: UserState, evolve: Evolve): UserEvent[] => {
  let user = requireUser(state, data);
  const events: UserEvent[] = [];
  const apply = (decided: readonly UserEvent[]): void => {
    for (const event of decided) {
      events.push(event);
      const next = evolve(user, event);
      if (next.status === 'active') user = next;
    }
  };
  if (data.displayName !== undefined) apply(displayNameChange(user, data.displayName));
  if (data.roles !== undefined) apply(rolesChange(user, data.roles));
  if (data.passwordHash !== undefined) apply(passwordChange(user, data.passwordHash));
  if (data.ssoEnabled !== undefined) apply(ssoChange(user, data.ssoEnabled));
  return events;
};
