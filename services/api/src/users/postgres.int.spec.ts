import { expect } from 'chai';
import { SystemClock } from '@sapien/kernel';
import { createTemporaryDatabase, requirePostgres, type TemporaryDatabase } from '@sapien/testing';
import { SqlSessionActivity, UserSessions } from '@sapien/users';
import { json } from '../testing/harness.ts';
import { startUserHarness, type UserHarness } from './testing.ts';

describe('users and sessions over HTTP on PostgreSQL', () => {
  let eventsDb: TemporaryDatabase | undefined;
  let readDb: TemporaryDatabase | undefined;
  let harness: UserHarness | undefined;
  before(requirePostgres);
  before(async () => {
    eventsDb = await createTemporaryDatabase('sapien_users_events');
    readDb = await createTemporaryDatabase('sapien_users_read');
    harness = await startUserHarness({ eventStoreUrl: eventsDb.url, readModelUrl: readDb.url });
    await harness.app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: 'Pg Ltd' } });
  });
  after(async () => {
    await harness?.close();
    await eventsDb?.drop();
    await readDb?.drop();
  });
  const h = (): UserHarness => {
    if (!harness) throw new Error('no harness');
    return harness;
  };
  const at = (position: unknown) => ({ 'sapien-min-position': String(position) });

  it('creates, changes, reads and lists users', async () => {
    const created = await h().users.inject({ method: 'POST', url: '/v1/orgs/1/users', payload: { login: 'pg', password: 'correct horse battery', roles: ['member'] } });
    expect(created.statusCode).to.equal(201);
    const userId = String(json(created).userId);
    const changed = await h().users.inject({ method: 'PATCH', url: `/v1/orgs/1/users/${userId}`, payload: { displayName: 'Pg User', roles: ['org-admin'] } });
    const read = await h().users.inject({ method: 'GET', url: `/v1/orgs/1/users/${userId.toUpperCase()}`, headers: at(changed.headers['sapien-position']) });
    expect(json(read)).to.deep.include({ userId, login: 'pg', displayName: 'Pg User', roles: ['org-admin'], ssoEnabled: false, lockedUntil: null });
    const page = json(await h().users.inject({ method: 'GET', url: `/v1/orgs/1/users?limit=1&after=00000000-0000-7000-8000-000000000000` }));
    expect(page.items).to.have.length(1);
  });

  it('lists sessions with their last activity and revokes them', async () => {
    const page = json(await h().users.inject({ method: 'GET', url: '/v1/orgs/1/users' })) as { items: { userId: string }[] };
    const userId = page.items[0]?.userId ?? '';
    const clock = new SystemClock();
    const { sessionId } = await new UserSessions({ eventStore: h().eventStore, clock }).start({ userId, orgId: 1, clientId: 'console' });
    const usedAt = clock.now();
    await new SqlSessionActivity(h().readModels).touch(sessionId, usedAt);
    const revoked = await h().users.inject({ method: 'DELETE', url: `/v1/orgs/1/sessions/${sessionId}` });
    expect(revoked.statusCode).to.equal(204);
    const listed = json(await h().users.inject({ method: 'GET', url: `/v1/orgs/1/sessions?userId=${userId}&status=revoked`, headers: at(revoked.headers['sapien-position']) }));
    expect(listed.items).to.have.length(1);
    expect((listed.items as object[])[0]).to.deep.include({ sessionId, status: 'revoked', lastActivityAt: usedAt });
  });
});
