import type { EventStore } from '@sapien/event-store';
import { NotFoundError } from '@sapien/kernel';
import type { ActiveUser, PasswordHasher, TotpService, UpdateUser, UserCommand, UserProfile } from '@sapien/users';
import { generateRecoveryCodes, userDecider, userProfileOf, userStreamId, validatePassword, validateRoles } from '@sapien/users';
import { metadataFor, type CommandContext } from '../commands/command-context.ts';
import { handleCommand } from '@sapien/event-store';
import { loadState } from '@sapien/event-store';
import { createUser, type CreateUserInput, type UserCreatedResult } from './create-user.ts';

export type UserPatch = Readonly<{ displayName?: string | null; roles?: readonly string[]; password?: string; ssoEnabled?: boolean }>;

export type UserCommandDependencies = Readonly<{ eventStore: EventStore; passwordHasher: PasswordHasher; totp: TotpService }>;

type Positioned<T> = T & Readonly<{ position: number }>;

/**
 * The user commands, each a load → decide → append over `user-<userId>`. Secrets are made here,
 * at the edge: the password hashed, the TOTP secret generated and sealed, codes matched to a time
 * step, recovery codes generated and hashed; the decider gets only the results.
 */
export class UserCommands {
  constructor(private readonly deps: UserCommandDependencies) {}

  create(orgId: number, input: CreateUserInput, context: CommandContext): Promise<UserCreatedResult> {
    return createUser(this.deps.eventStore, this.deps.passwordHasher, orgId, input, context);
  }

  async update(orgId: number, userId: string, patch: UserPatch, context: CommandContext): Promise<Positioned<{ profile: UserProfile }>> {
    const roles = patch.roles === undefined ? undefined : validateRoles(patch.roles);
    const passwordHash = patch.password === undefined ? undefined : await this.deps.passwordHasher.hash(validatePassword(patch.password));
    const command: UpdateUser = {
      type: 'UpdateUser',
      data: {
        userId,
        orgId,
        ...(patch.displayName === undefined ? {} : { displayName: patch.displayName }),
        ...(roles === undefined ? {} : { roles }),
        ...(passwordHash === undefined ? {} : { passwordHash }),
        ...(patch.ssoEnabled === undefined ? {} : { ssoEnabled: patch.ssoEnabled }),
      },
      metadata: { now: context.now },
    };
    const { position } = await this.run(orgId, userId, command, context);
    return { profile: userProfileOf(await this.activeUser(orgId, userId)), position };
  }

  async enrolTotp(orgId: number, userId: string, context: CommandContext): Promise<Positioned<{ otpauthUri: string; secret: string }>> {
    const user = await this.activeUser(orgId, userId);
    const { secret, sealedSecret, otpauthUri } = this.deps.totp.enrol(userId, user.login);
    const { position } = await this.run(orgId, userId, { type: 'EnrolTotp', data: { userId, orgId, sealedSecret }, metadata: { now: context.now } }, context);
    return { otpauthUri, secret, position };
  }

  async confirmTotp(orgId: number, userId: string, code: string, context: CommandContext): Promise<Positioned<{ recoveryCodes: readonly string[] }>> {
    const user = await this.activeUser(orgId, userId);
    const pending = user.pendingTotpSecret;
    const step = pending === undefined ? null : this.deps.totp.matchStep(pending, userId, code, context.now);
    const { codes, codeHashes } = generateRecoveryCodes(userId);
    const command: UserCommand = { type: 'ConfirmTotp', data: { userId, orgId, step, recoveryCodeHashes: codeHashes }, metadata: { now: context.now } };
    const { position } = await this.run(orgId, userId, command, context);
    return { recoveryCodes: codes, position };
  }

  async regenerateRecoveryCodes(orgId: number, userId: string, context: CommandContext): Promise<Positioned<{ recoveryCodes: readonly string[] }>> {
    const { codes, codeHashes } = generateRecoveryCodes(userId);
    const command: UserCommand = { type: 'GenerateRecoveryCodes', data: { userId, orgId, codeHashes }, metadata: { now: context.now } };
    const { position } = await this.run(orgId, userId, command, context);
    return { recoveryCodes: codes, position };
  }

  private run(orgId: number, userId: string, command: UserCommand, context: CommandContext) {
    return handleCommand(this.deps.eventStore, userStreamId(userId), userDecider, command, metadataFor(context, orgId));
  }

  /** The user as its stream says; a user of another org is not found. */
  private async activeUser(orgId: number, userId: string): Promise<ActiveUser> {
    const { state } = await loadState(this.deps.eventStore, userStreamId(userId), userDecider);
    if (state.status !== 'active' || state.orgId !== orgId) throw new NotFoundError('user', userId);
    return state;
  }
}
