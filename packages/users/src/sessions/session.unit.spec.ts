import { ConflictError, NotFoundError, ValidationError, type Instant } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import type { SessionCommand, SessionEvent } from '../index.ts';
import { sessionDecider } from '../index.ts';

const T0 = '2026-01-01T00:00:00.000000Z' as Instant;
const T1 = '2026-01-01T01:00:00.000000Z' as Instant;
const SESSION = '01950000-0000-7000-8000-0000000000c1';
const USER = '01950000-0000-7000-8000-0000000000a1';
const spec = DeciderSpecification.for(sessionDecider);

const start = (clientId = 'web'): SessionCommand => ({
  type: 'StartSession',
  data: { sessionId: SESSION, userId: USER, orgId: 42, clientId },
  metadata: { now: T0 },
});
const revoke = (orgId = 42): SessionCommand => ({ type: 'RevokeSession', data: { sessionId: SESSION, orgId, reason: 'revoked' }, metadata: { now: T1 } });
const started: SessionEvent = { type: 'SessionStarted', data: { sessionId: SESSION, userId: USER, orgId: 42, clientId: 'web', startedAt: T0 } };
const revoked: SessionEvent = { type: 'SessionRevoked', data: { sessionId: SESSION, userId: USER, orgId: 42, reason: 'revoked', revokedAt: T1 } };

describe('sessionDecider', () => {
  describe('StartSession', () => {
    it('starts a session for a user through a client', () => spec.given([]).when(start()).then([started]));

    it('refuses to start the same session twice', () =>
      spec.given([started]).when(start()).thenThrows(ConflictError, (e) => e.code === 'session-exists'));

    it('rejects an empty client id', () => spec.given([]).when(start('')).thenThrows(ValidationError, (e) => e.field === 'clientId'));
  });

  describe('RevokeSession', () => {
    it('revokes an active session', () => spec.given([started]).when(revoke()).then([revoked]));

    it('is idempotent: revoking a revoked session changes nothing', () => spec.given([started, revoked]).when(revoke()).thenNothingHappens());

    it('reports an unknown session as not found', () => spec.given([]).when(revoke()).thenThrows(NotFoundError));

    it("reports another org's session as not found, revoked or not", () => {
      spec.given([started]).when(revoke(7)).thenThrows(NotFoundError);
      spec.given([started, revoked]).when(revoke(7)).thenThrows(NotFoundError);
    });
  });
});
