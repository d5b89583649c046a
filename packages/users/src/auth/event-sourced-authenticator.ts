import { randomUUID } from 'node:crypto';
import type { EventStore, StreamRevision } from '@sapien/event-store';
import type { Clock, EventMetadata, Instant } from '@sapien/kernel';
import { SapienError, isUuid, newId } from '@sapien/kernel';
import { hashRecoveryCode, looksLikeRecoveryCode } from '../credentials/recovery-codes.ts';
import type { PasswordHasher } from '../credentials/password-hasher.ts';
import type { TotpService } from '../credentials/totp-service.ts';
import { ExpectedRevisionConflict, appendEvents, loadState } from '@sapien/event-store';
import { loginRegistryDecider, userIdForLogin } from '../logins/registry.ts';
import { loginRegistryStreamId, userStreamId } from '../stream-ids.ts';
import type { UserCommand } from '../user/commands.ts';
import { createUserDecider, type UserDecider } from '../user/decider.ts';
import type { UserEvent } from '../user/events.ts';
import { isLockedAt, type LockoutPolicy } from '../user/lockout.ts';
import { isMfaEnabled, type ActiveUser } from '../user/state.ts';
import type { AuthenticatedUser, AuthenticationContext, Credentials, UserAuthenticator, UserIdentity } from './user-authenticator.ts';

export type UserAuthenticatorDependencies = Readonly<{
  eventStore: EventStore;
  passwordHasher: PasswordHasher;
  totp: TotpService;
  clock: Clock;
  lockout?: LockoutPolicy;
}>;

/** Rounds of load → check → append when another attempt on the same user appended first. */
const MAX_ROUNDS = 3;

const MAX_INPUT_LENGTH = 1024;

/**
 * The UserAuthenticator over the event store: the login registry finds the user, the user's
 * stream holds the password hash and the sealed TOTP secret (the read model never does), and each
 * outcome is appended to that stream by the user decider, which applies lock-out and replay rules.
 */
export class EventSourcedUserAuthenticator implements UserAuthenticator {
  private readonly decider: UserDecider;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: UserAuthenticatorDependencies) {
    this.decider = createUserDecider(deps.lockout);
  }

  authenticate(credentials: Credentials, context?: AuthenticationContext): Promise<AuthenticatedUser | undefined>;
  /** The positional form packages/oauth's port asks for. */
  authenticate(orgId: number, login: string, password: string): Promise<AuthenticatedUser | undefined>;
  authenticate(first: Credentials | number, second?: AuthenticationContext | string, password?: string): Promise<AuthenticatedUser | undefined> {
    if (typeof first === 'number') return this.checkPassword({ orgId: first, login: String(second), password: String(password) }, {});
    return this.checkPassword(first, typeof second === 'object' ? second : {});
  }

  async verifySecondFactor(userId: string, code: string, context: AuthenticationContext = {}): Promise<boolean> {
    if (typeof userId !== 'string' || !isUuid(userId) || typeof code !== 'string' || code.length > 64) return false;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const loaded = await this.loadUser(userId);
      if (!loaded) return false;
      const { user, revision } = loaded;
      const now = this.deps.clock.now();
      if (user.totpSecret === undefined || isLockedAt(user, now)) return false;
      const outcome = await this.record(user, revision, this.secondFactorCommand(user, user.totpSecret, code, now), context);
      if (outcome === 'retry') continue;
      return outcome !== 'refused' && outcome.some((event) => event.type === 'LoginSucceeded');
    }
    return false;
  }

  /** packages/oauth's name for verifySecondFactor. */
  verifyMfa(userId: string, code: string): Promise<boolean> {
    return this.verifySecondFactor(userId, code);
  }

  async findUser(userId: string): Promise<UserIdentity | undefined> {
    if (typeof userId !== 'string' || !isUuid(userId)) return undefined;
    const loaded = await this.loadUser(userId);
    return loaded && { userId: loaded.user.userId, orgId: loaded.user.orgId, roles: loaded.user.roles };
  }

  /** Whether a login of this user needs a second factor (packages/oauth asks after the password). */
  async mfaRequired(userId: string): Promise<boolean> {
    if (typeof userId !== 'string' || !isUuid(userId)) return false;
    const loaded = await this.loadUser(userId);
    return loaded !== undefined && isMfaEnabled(loaded.user);
  }

  /**
   * The user of this org with this login (any case), if single sign-on is enabled for it:
   * packages/oauth links a sign-in at the org's identity provider to a user this way.
   */
  async findSsoUser(orgId: number, login: string): Promise<UserIdentity | undefined> {
    if (!Number.isSafeInteger(orgId) || orgId < 1 || typeof login !== 'string' || login.length > MAX_INPUT_LENGTH) return undefined;
    const registry = await loadState(this.deps.eventStore, loginRegistryStreamId(orgId), loginRegistryDecider);
    const userId = userIdForLogin(registry.state, login);
    const loaded = userId === undefined ? undefined : await this.loadUser(userId);
    if (!loaded || loaded.user.orgId !== orgId || !loaded.user.ssoEnabled) return undefined;
    return { userId: loaded.user.userId, orgId, roles: loaded.user.roles };
  }

  private async checkPassword(credentials: Credentials, context: AuthenticationContext): Promise<AuthenticatedUser | undefined> {
    const { orgId, login, password } = credentials;
    if (!Number.isSafeInteger(orgId) || orgId < 1 || typeof login !== 'string' || typeof password !== 'string') return undefined;
    if (login.length > MAX_INPUT_LENGTH || password.length > MAX_INPUT_LENGTH) return undefined;
    const registry = await loadState(this.deps.eventStore, loginRegistryStreamId(orgId), loginRegistryDecider);
    const userId = userIdForLogin(registry.state, login);
    if (userId === undefined) return this.withoutUser(password);

    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const loaded = await this.loadUser(userId);
      if (!loaded || loaded.user.orgId !== orgId) return this.withoutUser(password);
      const { user, revision } = loaded;
      const now = this.deps.clock.now();
      if (user.ssoEnabled || isLockedAt(user, now)) return undefined;
      const passwordValid = await this.deps.passwordHasher.verify(password, user.passwordHash);
      const command: UserCommand = { type: 'RecordLoginAttempt', data: { userId, orgId, passwordValid }, metadata: { now } };
      const outcome = await this.record(user, revision, command, context);
      if (outcome === 'retry') continue;
      if (outcome === 'refused' || !passwordValid) return undefined;
      return { userId, orgId, roles: user.roles, mfaRequired: isMfaEnabled(user) };
    }
    return undefined;
  }

  private secondFactorCommand(user: ActiveUser, totpSecret: string, code: string, now: Instant): UserCommand {
    const { userId, orgId } = user;
    if (looksLikeRecoveryCode(code)) {
      return { type: 'UseRecoveryCode', data: { userId, orgId, codeHash: hashRecoveryCode(userId, code) }, metadata: { now } };
    }
    const step = this.deps.totp.matchStep(totpSecret, userId, code, now);
    return { type: 'UseTotpCode', data: { userId, orgId, step }, metadata: { now } };
  }

  private async loadUser(userId: string): Promise<{ user: ActiveUser; revision: StreamRevision } | undefined> {
    const loaded = await loadState(this.deps.eventStore, userStreamId(userId), this.decider);
    return loaded.state.status === 'active' ? { user: loaded.state, revision: loaded.revision } : undefined;
  }

  /** Decides and appends; a refusal by the decider (locked meanwhile) is an answer, not an error. */
  private async record(
    user: ActiveUser,
    revision: StreamRevision,
    command: UserCommand,
    context: AuthenticationContext,
  ): Promise<readonly UserEvent[] | 'refused' | 'retry'> {
    let events: readonly UserEvent[];
    try {
      events = this.decider.decide(command, user);
    } catch (error) {
      if (error instanceof SapienError) return 'refused';
      throw error;
    }
    if (events.length === 0) return events;
    try {
      await appendEvents(this.deps.eventStore, userStreamId(user.userId), events, revision, this.metadata(user, context), command.metadata.now);
      return events;
    } catch (error) {
      if (error instanceof ExpectedRevisionConflict) return 'retry';
      throw error;
    }
  }

  private metadata(user: ActiveUser, context: AuthenticationContext): EventMetadata {
    const correlationId = context.correlationId ?? newId();
    return { orgId: user.orgId, correlationId, causationId: correlationId, actor: { kind: 'user', id: user.userId } };
  }

  /** An unknown login costs the same hash as a known one, so timing does not tell which logins exist. */
  private async withoutUser(password: string): Promise<undefined> {
    this.dummyHash ??= this.deps.passwordHasher.hash(randomUUID());
    await this.deps.passwordHasher.verify(password, await this.dummyHash);
    return undefined;
  }
}
