import { expect } from 'chai';
import { SystemClock } from '@sapien/kernel';
import { SqlSessionActivity, UserSessions } from '@sapien/users';
import { json } from '../testing/harness.ts';
import { startUserHarness, type UserHarness } from './testing.ts';

type SessionBody = { sessionId: string; status: string; endReason: string | null; revokedAt: string | null; lastActivityAt: string | null; userId: string };

describe('sessions over HTTP (SQLite)', () => {
  let h: UserHarness;
  let sessions: UserSessions;
  let alice: string;
  let bob: string;
  const clock = new SystemClock();
  before(async () => {
    h = await startUserHarness();
    for (const name of ['Acme', 'Beta']) await h.app.inject({ method: 'POST', url: '/v1/orgs', payload: { name } });
    const create = async (orgId: number, login: string) =>
      String(json(await h.users.inject({ method: 'POST', url: `/v1/orgs/${orgId}/users`, payload: { login, password: 'correct horse battery', roles: ['member'] } })).userId);
    alice = await create(1, 'alice');
    bob = await create(1, 'bob');
    sessions = new UserSessions({ eventStore: h.eventStore, clock });
  });
  after(async () => h.close());

  const list = async (query = '', position = 0) => {
    const response = await h.users.inject({ method: 'GET', url: `/v1/orgs/1/sessions${query}`, headers: { 'sapien-min-position': String(position) } });
    expect(response.statusCode, response.body).to.equal(200);
    return json(response) as { items: SessionBody[]; next: string | null };
  };
  const revoke = (sessionId: string, orgId = 1) => h.users.inject({ method: 'DELETE', url: `/v1/orgs/${orgId}/sessions/${sessionId}` });

  it('lists the sessions of the org, one per login, with their last activity', async () => {
    const first = await sessions.start({ userId: alice, orgId: 1, clientId: 'console' });
    const second = await sessions.start({ userId: bob, orgId: 1, clientId: 'cli' });
    const activity = new SqlSessionActivity(h.readModels);
    const usedAt = clock.now();
    await activity.touch(first.sessionId, usedAt);
    const { items } = await list('', second.position);
    const byId = new Map(items.map((item) => [item.sessionId, item]));
    expect(byId.get(first.sessionId)).to.deep.include({ userId: alice, status: 'active', endReason: null, revokedAt: null, lastActivityAt: usedAt });
    expect(byId.get(second.sessionId)).to.deep.include({ userId: bob, status: 'active', lastActivityAt: null });
  });

  it('filters by user and status, and pages', async () => {
    const { position } = await sessions.start({ userId: alice, orgId: 1, clientId: 'console' });
    const mine = await list(`?userId=${alice}`, position);
    expect(mine.items.length).to.be.at.least(2);
    expect(mine.items.every((item) => item.userId === alice)).to.equal(true);
    const page = await list('?limit=1', position);
    expect(page.items).to.have.length(1);
    const rest = await list(`?after=${String(page.next)}`);
    expect(rest.items.map((item) => item.sessionId)).not.to.include(page.items[0]?.sessionId);
  });

  it('revokes a session: 204 with Sapien-Position, then listed as revoked; revoking again is 204 too', async () => {
    const { sessionId } = await sessions.start({ userId: bob, orgId: 1, clientId: 'cli' });
    const response = await revoke(sessionId);
    expect(response.statusCode).to.equal(204);
    const position = Number(response.headers['sapien-position']);
    expect(position).to.be.greaterThan(0);
    const revoked = (await list('?status=revoked', position)).items.find((item) => item.sessionId === sessionId);
    expect(revoked).to.deep.include({ status: 'revoked', endReason: 'revoked' });
    expect(revoked?.revokedAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect((await revoke(sessionId)).statusCode).to.equal(204);
    expect((await sessions.get(sessionId)).status).to.equal('revoked');
  });

  it("answers 404 for an unknown session and for another org's session", async () => {
    const { sessionId } = await sessions.start({ userId: alice, orgId: 1, clientId: 'console' });
    expect((await revoke('01950000-0000-7000-8000-000000000000')).statusCode).to.equal(404);
    const other = await revoke(sessionId, 2);
    expect(other.statusCode).to.equal(404);
    expect(json(other)).to.include({ type: 'urn:sapien:problem:not-found' });
    expect((await sessions.get(sessionId)).status).to.equal('active');
  });

  it("lists none of another org's sessions", async () => {
    const { position } = await sessions.start({ userId: alice, orgId: 1, clientId: 'console' });
    const response = await h.users.inject({ method: 'GET', url: '/v1/orgs/2/sessions', headers: { 'sapien-min-position': String(position) } });
    expect(json(response).items).to.deep.equal([]);
  });
});
