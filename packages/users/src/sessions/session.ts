import { ConflictError, NotFoundError, type Command, type Decider, type DomainEvent, type Instant } from '@sapien/kernel';
import { validateOrgId } from '@sapien/organisations';
import { validateClientId, validateUuid } from '../validation.ts';

/** An API session (stream `session-<sessionId>`): one per login, revocable; activity is tracked outside the log. */
export type StartSession = Command<'StartSession', Readonly<{ sessionId: string; userId: string; orgId: number; clientId: string }>>;

export type SessionEndReason = 'revoked' | 'logged-out';

export type RevokeSession = Command<'RevokeSession', Readonly<{ sessionId: string; orgId: number; reason: SessionEndReason }>>;

export type SessionCommand = StartSession | RevokeSession;

export type SessionStarted = DomainEvent<
  'SessionStarted',
  Readonly<{ sessionId: string; userId: string; orgId: number; clientId: string; startedAt: Instant }>
>;

export type SessionRevoked = DomainEvent<
  'SessionRevoked',
  Readonly<{ sessionId: string; userId: string; orgId: number; reason: SessionEndReason; revokedAt: Instant }>
>;

export type SessionEvent = SessionStarted | SessionRevoked;

export const SESSION_EVENT_TYPES: readonly SessionEvent['type'][] = ['SessionStarted', 'SessionRevoked'];

export const isSessionEvent = (event: DomainEvent): event is SessionEvent => (SESSION_EVENT_TYPES as readonly string[]).includes(event.type);

type SessionFields = Readonly<{ sessionId: string; userId: string; orgId: number; clientId: string; startedAt: Instant }>;

export type SessionState =
  | Readonly<{ status: 'absent' }>
  | (SessionFields & Readonly<{ status: 'active' }>)
  | (SessionFields & Readonly<{ status: 'revoked'; revokedAt: Instant; reason: SessionEndReason }>);

const REASONS: readonly string[] = ['revoked', 'logged-out'] satisfies SessionEndReason[];

const start = ({ data, metadata }: StartSession, state: SessionState): SessionEvent[] => {
  const sessionId = validateUuid(data.sessionId, 'sessionId');
  const userId = validateUuid(data.userId, 'userId');
  const orgId = validateOrgId(data.orgId);
  const clientId = validateClientId(data.clientId);
  if (state.status !== 'absent') throw new ConflictError('session-exists', `session ${sessionId} already exists`, { sessionId });
  return [{ type: 'SessionStarted', data: { sessionId, userId, orgId, clientId, startedAt: metadata.now } }];
};

/** Revoking is idempotent; a session of another org is not found. */
const revoke = ({ data, metadata }: RevokeSession, state: SessionState): SessionEvent[] => {
  const sessionId = validateUuid(data.sessionId, 'sessionId');
  const orgId = validateOrgId(data.orgId);
  if (!REASONS.includes(data.reason)) throw new TypeError(`unknown session end reason: ${String(data.reason)}`);
  switch (state.status) {
    case 'absent':
      throw new NotFoundError('session', sessionId);
    case 'revoked':
      if (state.orgId !== orgId) throw new NotFoundError('session', sessionId);
      return [];
    case 'active':
      if (state.orgId !== orgId || state.sessionId !== sessionId) throw new NotFoundError('session', sessionId);
      return [{ type: 'SessionRevoked', data: { sessionId, userId: state.userId, orgId, reason: data.reason, revokedAt: metadata.now } }];
    default: {
      const _never: never = state;
      throw new Error('unknown session status');
    }
  }
};

const evolve = (state: SessionState, event: SessionEvent): SessionState => {
  switch (event.type) {
    case 'SessionStarted':
      return { status: 'active', ...event.data };
    case 'SessionRevoked':
      return state.status === 'active' ? { ...state, status: 'revoked', revokedAt: event.data.revokedAt, reason: event.data.reason } : state;
    default: {
      const _never: never = event;
      return state;
    }
  }
};

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  decide: (command, state) => {
    switch (command.type) {
      case 'StartSession':
        return start(command, state);
      case 'RevokeSession':
        return revoke(command, state);
      default: {
        const _never: never = command;
        throw new Error('unknown session command');
      }
    }
  },
  evolve,
  initialState: () => ({ status: 'absent' }),
};
