import type { SessionEvent } from '@sapien/users';
import type { RecordedUnion } from '../support/recorded.ts';
import type { SessionRow } from './tables.ts';

export type SessionRecorded = RecordedUnion<SessionEvent>;

type DbTime = (instant: SessionRecorded['occurredAt']) => unknown;

/** The row after one session event: the same object when it changes nothing. */
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
      if (row === undefined || row.LastEventPosition >= event.position) return row;
      return { ...row, Status: 'revoked', EndReason: event.data.reason, RevokedAt: dbTime(event.data.revokedAt), LastEventPosition: event.position };
    default: {
      const _never: never = event;
      return row;
    }
  }
};
