import { expect } from 'chai';
import { bearer, resolveTestPrincipal } from '../auth/testing/test-principals.ts';
import { json } from '../testing/harness.ts';
import { startUserHarness, type UserHarness } from './testing.ts';

describe('users and sessions under the authorization plugin', () => {
  let h: UserHarness;
  let aliceId: string;
  before(async () => {
    h = await startUserHarness({ resolvePrincipal: resolveTestPrincipal });
    for (const orgId of [1, 2]) {
      const created = await h.app.inject({ method: 'POST', url: '/v1/orgs', payload: { name: `Org ${orgId}`, orgId }, headers: bearer('platform-admin') });
      expect(created.statusCode, created.body).to.equal(201);
    }
    const alice = await h.users.inject({
      method: 'POST',
      url: '/v1/orgs/1/users',
      payload: { login: 'alice', password: 'correct horse battery', roles: ['member'] },
      headers: bearer('org-1'),
    });
    expect(alice.statusCode, alice.body).to.equal(201);
    aliceId = String(json(alice).userId);
    await h.runner.waitForPosition(Number(alice.headers['sapien-position']), 5_000);
  });
  after(async () => h.close());

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: object) =>
    h.users.inject({ method, url, headers: token === undefined ? {} : bearer(token), ...(payload ? { payload } : {}) });

  it("serves an org's users to its own token", async () => {
    const response = await inject('GET', `/v1/orgs/1/users/${aliceId}`, 'org-1');
    expect(response.statusCode).to.equal(200);
    expect(json(response)).to.include({ login: 'alice' });
  });

  it("answers 404 to another org's token, for users and sessions, reads and writes", async () => {
    for (const [method, url] of [
      ['GET', `/v1/orgs/1/users/${aliceId}`],
      ['GET', '/v1/orgs/1/users'],
      ['PATCH', `/v1/orgs/1/users/${aliceId}`],
      ['POST', `/v1/orgs/1/users/${aliceId}/mfa/totp`],
      ['GET', '/v1/orgs/1/sessions'],
      ['DELETE', '/v1/orgs/1/sessions/01950000-0000-7000-8000-000000000000'],
    ] as const) {
      const response = await inject(method, url, 'org-2', method === 'PATCH' ? { displayName: 'Mallory' } : undefined);
      expect(response.statusCode, `${method} ${url}`).to.equal(404);
    }
  });

  it('answers 403 to a token without the users scope, 401 without a token', async () => {
    expect((await inject('GET', '/v1/orgs/1/users', 'org-1-read-only')).statusCode).to.equal(403);
    expect((await inject('GET', '/v1/orgs/1/users')).statusCode).to.equal(401);
  });
});
