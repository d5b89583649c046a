import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { FixedClock, NotFoundError, newId } from '@sapien/kernel';
import { ScryptPasswordHasher, UserSessions, sessionStreamId } from '../index.ts';
import { seeding } from '../auth/spec-seeding.ts';

describe('UserSessions', () => {
  let eventStore: EventStore;
  let sessions: UserSessions;
  let userId: string;
  const clock = new FixedClock('2026-03-01T12:00:00Z');
  before(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    sessions = new UserSessions({ eventStore, clock });
    userId = await seeding(eventStore, new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 1 }), clock).createUser(42, 'alice', 'correct horse battery');
  });
  after(async () => eventStore.close());

  it('starts a session per login, as its user', async () => {
    const { sessionId, position } = await sessions.start({ userId, orgId: 42, clientId: 'console' }, { correlationId: 'c-9' });
    expect(position).to.be.greaterThan(0);
    const [started] = await eventStore.readStream(sessionStreamId(sessionId));
    expect(started?.type).to.equal('SessionStarted');
    expect(started?.data).to.deep.equal({ sessionId, userId, orgId: 42, clientId: 'console', startedAt: clock.now() });
    expect(started?.metadata).to.deep.include({ correlationId: 'c-9', actor: { kind: 'user', id: userId } });
    expect(await sessions.get(sessionId)).to.include({ status: 'active', userId });
  });

  it("starts a login's session under its grant id, in the user's own org when none is given", async () => {
    const grantId = newId();
    expect(await sessions.start({ sessionId: grantId, userId, clientId: 'platform-app' })).to.include({ sessionId: grantId });
    expect(await sessions.get(grantId)).to.include({ status: 'active', userId, orgId: 42, clientId: 'platform-app' });
  });

  it('refuses a session for a user of another org', async () => {
    let thrown: unknown;
    try {
      await sessions.start({ userId, orgId: 7, clientId: 'console' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(NotFoundError);
  });

  it('ends a session once; ending it again changes nothing', async () => {
    const { sessionId } = await sessions.start({ userId, orgId: 42, clientId: 'console' });
    expect(await sessions.end(42, sessionId, 'logged-out')).to.include({ changed: true });
    expect(await sessions.end(42, sessionId, 'logged-out')).to.include({ changed: false });
    expect(await sessions.get(sessionId)).to.include({ status: 'revoked', reason: 'logged-out' });
  });
});
