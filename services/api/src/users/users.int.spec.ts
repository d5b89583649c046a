import { expect } from 'chai';
import { FixedClock, isUuidV7 } from '@sapien/kernel';
import type { UserAuthenticator as OAuthUserAuthenticator } from '@sapien/oauth';
import { EventSourcedUserAuthenticator, TotpService, totpCodeAt, userStreamId } from '@sapien/users';
import { json } from '../testing/harness.ts';
import { startUserHarness, type UserHarness } from './testing.ts';

const PASSWORD = 'correct horse battery staple';

describe('users over HTTP (SQLite)', () => {
  let h: UserHarness;
  before(async () => {
    h = await startUserHarness();
    for (const name of ['Acme', 'Beta']) await h.app.inject({ method: 'POST', url: '/v1/orgs', payload: { name } });
  });
  after(async () => h.close());

  const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
    h.users.inject({ method: 'POST', url, headers, ...(payload === undefined ? {} : { payload }) });
  const get = (url: string, position?: string | string[]) =>
    h.users.inject({ method: 'GET', url, headers: position === undefined ? {} : { 'sapien-min-position': String(position) } });
  const patch = (url: string, payload: object) => h.users.inject({ method: 'PATCH', url, payload });
  const createUser = async (login: string, extra: object = {}, orgId = 1) => {
    const response = await post(`/v1/orgs/${orgId}/users`, { login, password: PASSWORD, roles: ['member'], ...extra });
    expect(response.statusCode, response.body).to.equal(201);
    return { userId: String(json(response).userId), position: String(response.headers['sapien-position']) };
  };
  const authenticator = () =>
    new EventSourcedUserAuthenticator({
      eventStore: h.eventStore,
      passwordHasher: h.passwordHasher,
      totp: new TotpService(h.secretBox),
      clock: new FixedClock(new Date().toISOString()),
    });

  describe('POST /v1/orgs/{orgId}/users', () => {
    it('creates a user: 201, a UUID v7, Location and Sapien-Position', async () => {
      const response = await post('/v1/orgs/1/users', { login: 'alice', password: PASSWORD, displayName: 'Alice', roles: ['org-admin'] });
      expect(response.statusCode).to.equal(201);
      const { userId } = json(response);
      expect(isUuidV7(String(userId))).to.equal(true);
      expect(response.headers.location).to.equal(`/v1/orgs/1/users/${String(userId)}`);
      const read = await get(String(response.headers.location), String(response.headers['sapien-position']));
      expect(read.statusCode).to.equal(200);
      expect(json(read)).to.deep.include({ userId, orgId: 1, login: 'alice', displayName: 'Alice', roles: ['org-admin'], ssoEnabled: false, mfaEnabled: false });
    });

    it('keeps the password out of events, the read model and the idempotency table', async () => {
      const secret = 'a very particular passphrase 42';
      const response = await post('/v1/orgs/1/users', { login: 'keeper', password: secret, roles: ['member'] }, { 'idempotency-key': 'create-keeper' });
      const { userId } = json(response);
      const events = await h.eventStore.readStream(userStreamId(String(userId)));
      expect(JSON.stringify(events)).not.to.include(secret);
      expect(String((events[0]?.data as { passwordHash: string }).passwordHash)).to.match(/^scrypt\$32768\$8\$1\$/);
      await get(`/v1/orgs/1/users/${String(userId)}`, String(response.headers['sapien-position']));
      const stored = JSON.stringify([await h.readModels.db('Org.Users').select('*'), await h.readModels.db('sapien_idempotency_keys').select('*')]);
      expect(stored).not.to.include(secret);
      expect(stored).not.to.include('scrypt$');
    });

    it('answers a retry with the same Idempotency-Key with the first answer, creating one user', async () => {
      const body = { login: 'retry', password: PASSWORD, roles: ['member'] };
      const first = await post('/v1/orgs/1/users', body, { 'idempotency-key': 'k-retry' });
      const again = await post('/v1/orgs/1/users', body, { 'idempotency-key': 'k-retry' });
      expect(again.statusCode).to.equal(201);
      expect(again.body).to.equal(first.body);
      expect(again.headers['idempotent-replayed']).to.equal('true');
      expect(again.headers['sapien-position']).to.equal(first.headers['sapien-position']);
    });

    it('answers 409 naming login for a login taken in the org, whatever its case', async () => {
      await createUser('Carol');
      const response = await post('/v1/orgs/1/users', { login: 'CAROL', password: PASSWORD, roles: ['member'] });
      expect(response.statusCode).to.equal(409);
      expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:login-taken', field: 'login' });
    });

    it('lets only one of two concurrent creations of one login succeed', async () => {
      const body = (password: string) => ({ login: 'racer', password, roles: ['member'] });
      const responses = await Promise.all([post('/v1/orgs/1/users', body(PASSWORD)), post('/v1/orgs/1/users', body(`${PASSWORD}!`))]);
      expect(responses.map((response) => response.statusCode).sort()).to.deep.equal([201, 409]);
      const winner = responses.find((response) => response.statusCode === 201);
      const login = authenticator();
      const password = winner === responses[0] ? PASSWORD : `${PASSWORD}!`;
      expect(await login.authenticate({ orgId: 1, login: 'racer', password })).to.include({ userId: json(winner ?? { body: '{}' }).userId });
    });

    it('lets another org use the same login', async () => {
      await createUser('dave', {}, 1);
      await createUser('dave', {}, 2);
    });

    it('answers 404 for an organisation that does not exist', async () => {
      const response = await post('/v1/orgs/99/users', { login: 'x', password: PASSWORD, roles: ['member'] });
      expect(response.statusCode).to.equal(404);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:not-found' });
    });

    it('answers 400 naming the field for a short password, an unknown role, a blank login or an unknown property', async () => {
      const cases: [object, string][] = [
        [{ login: 'e', password: 'short', roles: ['member'] }, 'password'],
        [{ login: 'e', password: PASSWORD, roles: ['root'] }, 'roles.0'],
        [{ login: '   ', password: PASSWORD, roles: ['member'] }, 'login'],
        [{ login: 'e', password: PASSWORD, roles: ['member'], admin: true }, 'admin'],
      ];
      for (const [body, field] of cases) {
        const response = await post('/v1/orgs/1/users', body);
        expect(response.statusCode, JSON.stringify(body)).to.equal(400);
        expect(json(response)).to.include({ type: 'urn:sapien:problem:validation-failed', field });
      }
    });
  });

  describe('GET /v1/orgs/{orgId}/users', () => {
    it("lists only the org's users, a page at a time in creation order", async () => {
      const created = [await createUser('page-a', {}, 2), await createUser('page-b', {}, 2), await createUser('page-c', {}, 2)];
      const last = created.at(-1)?.position;
      const all = json(await get('/v1/orgs/2/users', last));
      const logins = (all.items as { login: string }[]).map((user) => user.login);
      expect(logins).to.include.members(['page-a', 'page-b', 'page-c']);
      expect(logins).not.to.include('alice');
      const first = json(await get('/v1/orgs/2/users?limit=2', last));
      expect(first.items).to.have.length(2);
      const rest = json(await get(`/v1/orgs/2/users?limit=2&after=${String(first.next)}`, last));
      expect([...(first.items as { login: string }[]), ...(rest.items as { login: string }[])].map((user) => user.login)).to.deep.equal(logins.slice(0, 4));
    });
  });

  describe('GET /v1/orgs/{orgId}/users/{userId}', () => {
    it("answers 404 for another org's user, and for an unknown one", async () => {
      const { userId, position } = await createUser('erin');
      expect((await get(`/v1/orgs/2/users/${userId}`, position)).statusCode).to.equal(404);
      expect((await get('/v1/orgs/1/users/01950000-0000-7000-8000-000000000000')).statusCode).to.equal(404);
    });

    it('answers 400 naming userId when it is not a UUID', async () => {
      const response = await get('/v1/orgs/1/users/nope');
      expect(response.statusCode).to.equal(400);
      expect(json(response)).to.include({ field: 'userId' });
    });
  });

  describe('PATCH /v1/orgs/{orgId}/users/{userId}', () => {
    it('changes display name, roles and SSO together, answering the user as its stream now says', async () => {
      const { userId } = await createUser('frank', { displayName: 'Frank' });
      const response = await patch(`/v1/orgs/1/users/${userId}`, { displayName: 'Frank F.', roles: ['member', 'org-admin'], ssoEnabled: true });
      expect(response.statusCode).to.equal(200);
      expect(json(response)).to.deep.equal({ userId, orgId: 1, login: 'frank', displayName: 'Frank F.', roles: ['member', 'org-admin'], ssoEnabled: true, mfaEnabled: false });
      const read = json(await get(`/v1/orgs/1/users/${userId}`, String(response.headers['sapien-position'])));
      expect(read).to.deep.include({ displayName: 'Frank F.', roles: ['member', 'org-admin'], ssoEnabled: true });
    });

    it('changes the password: the new one logs in, the old one no longer does (through the OAuth login port)', async () => {
      const { userId } = await createUser('grace');
      const response = await patch(`/v1/orgs/1/users/${userId}`, { password: 'a brand new passphrase' });
      expect(response.statusCode).to.equal(200);
      // The implementation fits packages/oauth's port as it is: tsc checks this assignment.
      const login: OAuthUserAuthenticator = authenticator();
      expect(await login.authenticate(1, 'grace', PASSWORD)).to.equal(undefined);
      expect(await login.authenticate(1, 'grace', 'a brand new passphrase')).to.include({ userId });
    });

    it('answers 400 for an empty body, 404 for a user of another org', async () => {
      const { userId } = await createUser('heidi');
      expect((await patch(`/v1/orgs/1/users/${userId}`, {})).statusCode).to.equal(400);
      expect((await patch(`/v1/orgs/2/users/${userId}`, { displayName: 'X' })).statusCode).to.equal(404);
    });
  });

  describe('MFA', () => {
    const enrol = (userId: string, orgId = 1) => post(`/v1/orgs/${orgId}/users/${userId}/mfa/totp`);
    const verify = (userId: string, code: string) => post(`/v1/orgs/1/users/${userId}/mfa/totp/verify`, { code });
    const currentCode = (secret: string) => totpCodeAt(secret, Math.floor(Date.now() / 30_000));
    /** A code matching no step the server may try (its clock can be a step on from ours). */
    const wrongCode = (secret: string) => {
      const step = Math.floor(Date.now() / 30_000);
      const near = [-2, -1, 0, 1, 2].map((offset) => totpCodeAt(secret, step + offset));
      return ['000000', '111111', '222222', '333333', '444444', '555555'].find((code) => !near.includes(code)) ?? '666666';
    };

    it('enrols: answers the otpauth URI and secret once, uncached, and stores only the sealed secret', async () => {
      const { userId } = await createUser('ivan');
      const response = await enrol(userId);
      expect(response.statusCode).to.equal(200);
      expect(response.headers['cache-control']).to.equal('no-store');
      const { otpauthUri, secret } = json(response) as { otpauthUri: string; secret: string };
      expect(otpauthUri).to.match(/^otpauth:\/\/totp\/Sapien:ivan\?/);
      expect(new URL(otpauthUri).searchParams.get('secret')).to.equal(secret);
      const events = JSON.stringify(await h.eventStore.readStream(userStreamId(userId)));
      expect(events).to.include('TotpEnrolmentStarted');
      expect(events).not.to.include(secret);
    });

    it('confirms with the first valid code, answering ten recovery codes; then the user has MFA', async () => {
      const { userId } = await createUser('judy');
      const { secret } = json(await enrol(userId)) as { secret: string };
      const wrong = await verify(userId, wrongCode(secret));
      expect(wrong.statusCode).to.equal(400);
      expect(json(wrong)).to.include({ type: 'urn:sapien:problem:invalid-totp-code', field: 'code' });
      const response = await verify(userId, currentCode(secret));
      expect(response.statusCode).to.equal(200);
      expect(response.headers['cache-control']).to.equal('no-store');
      const { mfaEnabled, recoveryCodes } = json(response) as { mfaEnabled: boolean; recoveryCodes: string[] };
      expect(mfaEnabled).to.equal(true);
      expect(recoveryCodes).to.have.length(10);
      const read = json(await get(`/v1/orgs/1/users/${userId}`, String(response.headers['sapien-position'])));
      expect(read).to.include({ mfaEnabled: true, recoveryCodesLeft: 10 });
      expect(JSON.stringify(await h.eventStore.readStream(userStreamId(userId)))).not.to.include(recoveryCodes[0]);

      const login = authenticator();
      expect(await login.authenticate({ orgId: 1, login: 'judy', password: PASSWORD })).to.include({ mfaRequired: true });
      expect(await login.verifySecondFactor(userId, recoveryCodes[0] ?? '')).to.equal(true);
    });

    it('answers 409 for a verification without an enrolment, 404 for a user of another org', async () => {
      const { userId } = await createUser('ken');
      const response = await verify(userId, '123456');
      expect(response.statusCode).to.equal(409);
      expect(json(response)).to.include({ type: 'urn:sapien:problem:no-totp-enrolment' });
      expect((await enrol(userId, 2)).statusCode).to.equal(404);
    });

    it('replaces the recovery codes only once MFA is on', async () => {
      const { userId } = await createUser('leo');
      expect((await post(`/v1/orgs/1/users/${userId}/mfa/recovery-codes`)).statusCode).to.equal(409);
      const { secret } = json(await enrol(userId)) as { secret: string };
      const { recoveryCodes: first } = json(await verify(userId, currentCode(secret))) as { recoveryCodes: string[] };
      const response = await post(`/v1/orgs/1/users/${userId}/mfa/recovery-codes`);
      expect(response.statusCode).to.equal(200);
      const { recoveryCodes } = json(response) as { recoveryCodes: string[] };
      expect(recoveryCodes).to.have.length(10);
      expect(await authenticator().verifySecondFactor(userId, first[0] ?? '')).to.equal(false);
      expect(await authenticator().verifySecondFactor(userId, recoveryCodes[0] ?? '')).to.equal(true);
    });
  });

  describe('routes', () => {
    it('each declares the attribute it needs and its subject, the org of the path', () => {
      const v1 = h.routes.filter((route) => route.url.startsWith('/v1/') && route.method !== 'HEAD');
      expect(v1.length).to.equal(9);
      for (const route of v1) {
        const { authorization } = route.config as { authorization: { attribute: string; subject: (request: unknown) => unknown } };
        const expected = route.method === 'GET' ? 'users:read' : 'users:write';
        expect(authorization.attribute, `${String(route.method)} ${route.url}`).to.equal(expected);
        expect(authorization.subject({ params: { orgId: '42' } })).to.deep.equal({ orgId: 42 });
      }
    });

    it('are described in the OpenAPI document', () => {
      const openapi = h.users.swagger();
      const paths = Object.keys(openapi.paths as object);
      expect(paths).to.include.members(['/v1/orgs/{orgId}/users', '/v1/orgs/{orgId}/users/{userId}', '/v1/orgs/{orgId}/users/{userId}/mfa/totp/verify', '/v1/orgs/{orgId}/sessions/{sessionId}']);
      expect(Object.keys(('components' in openapi ? openapi.components?.schemas : undefined) ?? {})).to.include.members(['User', 'UserProfile', 'Session']);
    });
  });
});
