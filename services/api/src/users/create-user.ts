import type { EventStore } from '@sapien/event-store';
import { ConflictError, NotFoundError, newId } from '@sapien/kernel';
import { orgStreamId, validateOrgId } from '@sapien/organisations';
import type { PasswordHasher, ReserveLogin, UserCommand } from '@sapien/users';
import {
  loginRegistryDecider,
  loginRegistryStreamId,
  userDecider,
  userIdForLogin,
  userStreamId,
  validateDisplayName,
  validateLogin,
  validatePassword,
  validateRoles,
} from '@sapien/users';
import { metadataFor, type CommandContext } from '../commands/command-context.ts';
import { handleCommand } from '@sapien/event-store';
import { loadState } from '@sapien/event-store';

export type CreateUserInput = Readonly<{ login: string; password: string; displayName?: string; roles: readonly string[] }>;

export type UserCreatedResult = Readonly<{ userId: string; position: number }>;

const isCode = (error: unknown, code: string): boolean => error instanceof ConflictError && error.code === code;

const loginTaken = (login: string): ConflictError =>
  new ConflictError('login-taken', `the login ${login} is taken in this organisation`, { field: 'login' });

/**
 * Creates a user in two appends: the login is reserved for a new user id in `user-logins-<orgId>`
 * (so two users never share a login), then `UserCreated` goes to `user-<userId>` expecting no
 * stream. A reservation whose user stream was never written (a creation that stopped between the
 * appends) is taken over with its user id; the user stream's `no_stream` still lets only one win.
 */
export const createUser = async (
  eventStore: EventStore,
  passwordHasher: PasswordHasher,
  orgId: number,
  input: CreateUserInput,
  context: CommandContext,
): Promise<UserCreatedResult> => {
  // Validate before reserving, so a bad request takes no login; hash before reserving, as it is the slow part.
  validateOrgId(orgId);
  const login = validateLogin(input.login);
  validatePassword(input.password);
  if (input.displayName !== undefined) validateDisplayName(input.displayName);
  const roles = validateRoles(input.roles);
  if ((await eventStore.streamRevision(orgStreamId(orgId))) === 'no_stream') throw new NotFoundError('organisation', orgId);
  const passwordHash = await passwordHasher.hash(input.password);

  const userId = await reserveLogin(eventStore, orgId, login, context);
  const command: UserCommand = {
    type: 'CreateUser',
    data: { userId, orgId, login, passwordHash, roles, ...(input.displayName === undefined ? {} : { displayName: input.displayName }) },
    metadata: { now: context.now },
  };
  try {
    const result = await handleCommand(eventStore, userStreamId(userId), userDecider, command, metadataFor(context, orgId));
    return { userId, position: result.position };
  } catch (error) {
    // Only a concurrent take-over of the same abandoned reservation gets here: that login is taken now.
    if (isCode(error, 'user-exists')) throw loginTaken(login);
    throw error;
  }
};

const reserveLogin = async (eventStore: EventStore, orgId: number, login: string, context: CommandContext): Promise<string> => {
  const userId = newId();
  const command: ReserveLogin = { type: 'ReserveLogin', data: { orgId, login, userId }, metadata: { now: context.now } };
  try {
    await handleCommand(eventStore, loginRegistryStreamId(orgId), loginRegistryDecider, command, metadataFor(context, orgId), { maxAttempts: 10 });
    return userId;
  } catch (error) {
    if (!isCode(error, 'login-taken')) throw error;
    const registry = await loadState(eventStore, loginRegistryStreamId(orgId), loginRegistryDecider);
    const owner = userIdForLogin(registry.state, login);
    if (owner !== undefined && (await eventStore.streamRevision(userStreamId(owner))) === 'no_stream') return owner;
    throw error;
  }
};
