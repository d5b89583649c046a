import type { EventStore } from '@sapien/event-store';
import type { Actor, Clock, EventMetadata } from '@sapien/kernel';
import { NotFoundError, newId } from '@sapien/kernel';
import { handleCommand, loadState } from '@sapien/event-store';
import { sessionStreamId, userStreamId } from '../stream-ids.ts';
import { userDecider } from '../user/decider.ts';
import { sessionDecider, type RevokeSession, type SessionEndReason, type SessionState, type StartSession } from './session.ts';

/** The request behind a change; the actor defaults to the session's user (start) or the system (end). */
export type SessionContext = Readonly<{ correlationId?: string; actor?: Actor }>;

export type StartSessionInput = Readonly<{ userId: string; clientId: string; orgId?: number; sessionId?: string }>;

export type StartedSession = Readonly<{ sessionId: string; position: number }>;

const metadataOf = (orgId: number, defaultActor: Actor, context: SessionContext): EventMetadata => {
  const correlationId = context.correlationId ?? newId();
  return { orgId, correlationId, causationId: correlationId, actor: context.actor ?? defaultActor };
};

/** Starts, ends and reads API sessions: the OAuth login starts one per new grant, keyed by the grant id. */
export class UserSessions {
  constructor(private readonly deps: Readonly<{ eventStore: EventStore; clock: Clock }>) {}

  /**
   * A new session for an active user. `sessionId` is the OAuth grant id of the login (a new id when
   * absent); `orgId`, when given, must be the user's (a user of another org is not found), and is
   * the user's own otherwise — a platform client's login knows no org until the user is read.
   */
  async start(input: StartSessionInput, context: SessionContext = {}): Promise<StartedSession> {
    const user = await loadState(this.deps.eventStore, userStreamId(input.userId), userDecider);
    if (user.state.status !== 'active' || (input.orgId !== undefined && user.state.orgId !== input.orgId)) {
      throw new NotFoundError('user', input.userId);
    }
    const { orgId } = user.state;
    const sessionId = input.sessionId ?? newId();
    const data = { sessionId, userId: input.userId, orgId, clientId: input.clientId };
    const command: StartSession = { type: 'StartSession', data, metadata: { now: this.deps.clock.now() } };
    const metadata = metadataOf(orgId, { kind: 'user', id: input.userId }, context);
    const { position } = await handleCommand(this.deps.eventStore, sessionStreamId(sessionId), sessionDecider, command, metadata);
    return { sessionId, position };
  }

  /** Ends a session (idempotent); `logged-out` when its user ends it, `revoked` when someone else does. */
  async end(
    orgId: number,
    sessionId: string,
    reason: SessionEndReason,
    context: SessionContext = {},
  ): Promise<Readonly<{ position: number; changed: boolean }>> {
    const command: RevokeSession = { type: 'RevokeSession', data: { sessionId, orgId, reason }, metadata: { now: this.deps.clock.now() } };
    const metadata = metadataOf(orgId, { kind: 'system', id: 'sessions' }, context);
    const { events, position } = await handleCommand(this.deps.eventStore, sessionStreamId(sessionId), sessionDecider, command, metadata);
    return { position, changed: events.length > 0 };
  }

  /** The session as its stream says: what a token check asks before trusting a session id. */
  async get(sessionId: string): Promise<SessionState> {
    return (await loadState(this.deps.eventStore, sessionStreamId(sessionId), sessionDecider)).state;
  }
}
