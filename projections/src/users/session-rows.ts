import type { DomainEvent, RecordedEvent } from '@sapien/kernel';
import { isUuid } from '@sapien/kernel';
import type { SessionEvent } from '@sapien/users';
import type { RecordedUnion } from '../support/recorded.ts';
import type { SessionRow } from './tables.ts';

/**
 * packages/oauth's `GrantRevoked`, the part this projection reads. A login's grant id is its session
 * id, so a grant revoked by OAuth (a reused refresh token, a revoked refresh token) ends the session.
 */
export type GrantRevokedRecorded = RecordedEvent<DomainEvent<'GrantRevoked', Readonly<{ grantId: string }>>>;

export type SessionRecorded = RecordedUnion<SessionEvent> | GrantRevokedRecorded;

/** A grant that can be a session: grant ids that are no UUID predate sessions and have no row. */
export const isSessionGrantRevoked = (event: RecordedEvent): event is GrantRevokedRecorded => {
  if (event.type !== 'GrantRevoked' || typeof event.data !== 'object' || event.data === null) return false;
  const { grantId } = event.data as Readonly<{ grantId?: unknown }>;
  return typeof grantId === 'string' && isUuid(grantId);
};

export const sessionIdOf = (event: SessionRecorded): string => (event.type === 'GrantRevoked' ? event.data.grantId.toLowerCase() : event.data.sessionId);

type DbTime = (instant: SessionRecorded['occurredAt']) => unknown;

/** The row after one event: the same object when it changes nothing. The first revocation keeps its time and reason. */
export const applySessionEvent = (row: SessionRow | undefined, event: SessionRecorded, dbTime: DbTime): SessionRow | undefined => {
  switch (event.type) {
    case 'SessionStarted': {
      if (row !== undefined) return row;
      const { sessionId, orgId, userId, clientId, startedAt } = event.data;
      return {
        SessionId: sessionId,
        OrgId: orgId,
        UserId: userId,
        ClientId: clientId,
        Status: 'active',
        EndReason: null,
        StartedAt: dbTime(startedAt),
        RevokedAt: null,
        LastEventPosition: event.position,
      };
    }
    case 'SessionRevoked':
      if (row === undefined || row.Status === 'revoked' || row.LastEventPosition >= event.position) return row;
      return { ...row, Status: 'revoked', EndReason: event.data.reason, RevokedAt: dbTime(event.data.revokedAt), LastEventPosition: event.position };
    case 'GrantRevoked':
      if (row === undefined || row.Status === 'revoked' || row.LastEventPosition >= event.position) return row;
      return { ...row, Status: 'revoked', EndReason: 'revoked', RevokedAt: dbTime(event.occurredAt), LastEventPosition: event.position };
    default: {
      const _never: never = event;
      return row;
    }
  }
};
