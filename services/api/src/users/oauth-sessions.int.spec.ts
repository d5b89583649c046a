import { expect } from 'chai';
import * as client from 'openid-client';
import { SystemClock, isUuidV7 } from '@sapien/kernel';
import { generateOAuthKeys, registerBootstrapClient } from '@sapien/oauth';
import { signIn } from '@sapien/oauth/testing';
import { AesGcmSecretBox, EventSourcedUserAuthenticator, ScryptPasswordHasher, TotpService } from '@sapien/users';
import { startOAuthApi, type OAuthApi } from '../oauth/testing.ts';

const BOOTSTRAP = { clientId: 'ops', clientSecret: 'the bootstrap secret of this test run' };
const REDIRECT_URI = 'http://127.0.0.1/callback';
const PASSWORD = 'correct horse battery staple';

type Registered = { clientId: string; clientSecret: string };
type SessionBody = { sessionId: string; userId: string; clientId: string; status: string; endReason: string | null; revokedAt: string | null; lastActivityAt: string | null };

const discover = (issuer: string, { clientId, clientSecret }: Registered) =>
  client.discovery(new URL(issuer), clientId, clientSecret, undefined, { execute: [client.allowInsecureRequests] });

describe('API sessions of OAuth sign-ins (SQLite)', () => {
  let api: OAuthApi;
  let admin: string;
  let otherOrg: string;
  let web: Registered;
  let alice: string;

  const call = async (method: string, path: string, token: string, options: Readonly<{ body?: unknown; position?: number }> = {}) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.position === undefined ? {} : { 'sapien-min-position': String(options.position) }),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> };
  };
  const register = async (orgId: number, body: object): Promise<Registered> => {
    const response = await call('POST', `/v1/orgs/${orgId}/clients`, admin, { body });
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    return response.body as Registered;
  };
  /** The org's sessions as an admin client sees them (a client's token has no session to touch). */
  const sessionsOf = async (orgId: number) => {
    const response = await call('GET', `/v1/orgs/${orgId}/sessions`, admin, { position: await api.eventStore.headPosition() });
    expect(response.status, JSON.stringify(response.body)).to.equal(200);
    return response.body.items as SessionBody[];
  };
  const sessionOf = async (sessionId: string) => (await sessionsOf(1)).find((session) => session.sessionId === sessionId);
  /** The authorization code flow with PKCE, through the login page, as alice of org 1. */
  const signInAsAlice = async () => {
    const config = await discover(api.url, web);
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'users:read users:write',
      state: 's',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { callback } = await signIn(url, { orgId: 1, login: 'alice', password: PASSWORD });
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's' });
    const sessionId = (await api.oauth.resolveAccessToken(tokens.access_token))?.sessionId;
    if (sessionId === undefined || tokens.refresh_token === undefined) throw new Error('expected a user token with a session and a refresh token');
    return { config, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, sessionId };
  };

  before(async () => {
    const clock = new SystemClock();
    api = await startOAuthApi({
      eventStoreUrl: 'sqlite::memory:',
      keys: generateOAuthKeys(),
      users: (eventStore) =>
        new EventSourcedUserAuthenticator({
          eventStore,
          passwordHasher: new ScryptPasswordHasher(),
          totp: new TotpService(new AesGcmSecretBox(AesGcmSecretBox.generateKey())),
          clock,
        }),
      startSessions: true,
    });
    await registerBootstrapClient({ eventStore: api.eventStore, clock }, BOOTSTRAP);
    admin = (await client.clientCredentialsGrant(await discover(api.url, BOOTSTRAP), { scope: 'admin' })).access_token;
    for (const orgId of [1, 2]) expect((await call('POST', '/v1/orgs', admin, { body: { name: `Org ${orgId}`, orgId } })).status).to.equal(201);
    const created = await call('POST', '/v1/orgs/1/users', admin, { body: { login: 'alice', password: PASSWORD, roles: ['member'] } });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    alice = String(created.body.userId);
    const scopes = ['users:read', 'users:write'];
    web = await register(1, { name: 'console', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [REDIRECT_URI], scopes });
    const machine = await register(2, { name: 'org 2 machine', grantTypes: ['client_credentials'], scopes });
    otherOrg = (await client.clientCredentialsGrant(await discover(api.url, machine), { scope: scopes.join(' ') })).access_token;
  });
  after(async () => api?.close());

  describe('a sign-in through the authorization code flow', () => {
    let login: Awaited<ReturnType<typeof signInAsAlice>>;
    before(async () => {
      login = await signInAsAlice();
    });

    it('starts exactly one session, for its user and client, under the id of its grant', async () => {
      const mine = (await sessionsOf(1)).filter((session) => session.userId === alice);
      expect(isUuidV7(login.sessionId)).to.equal(true);
      expect(mine).to.have.length(1);
      expect(mine[0]).to.deep.include({ sessionId: login.sessionId, clientId: web.clientId, status: 'active', endReason: null, lastActivityAt: null });
    });

    it('records the last activity of the session its token is used under, without appending an event', async () => {
      const head = await api.eventStore.headPosition();
      expect((await call('GET', '/v1/orgs/1/users', login.accessToken)).status).to.equal(200);
      expect(await api.eventStore.headPosition()).to.equal(head);
      expect((await sessionOf(login.sessionId))?.lastActivityAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/u);
    });

    it("answers another org's token 404 on the org's sessions, and revokes nothing", async () => {
      expect((await call('GET', '/v1/orgs/1/sessions', otherOrg)).status).to.equal(404);
      expect((await call('DELETE', `/v1/orgs/1/sessions/${login.sessionId}`, otherOrg)).status).to.equal(404);
      expect((await call('DELETE', `/v1/orgs/2/sessions/${login.sessionId}`, otherOrg)).status).to.equal(404);
      expect((await call('GET', '/v1/orgs/1/sessions', login.accessToken)).status).to.equal(200);
      expect(await sessionOf(login.sessionId)).to.include({ status: 'active' });
    });

    it('ends with DELETE of its session: the access token is refused at once, the refresh token is invalid_grant', async () => {
      const deleted = await call('DELETE', `/v1/orgs/1/sessions/${login.sessionId}`, admin);
      expect(deleted.status).to.equal(204);
      const refused = await call('GET', '/v1/orgs/1/sessions', login.accessToken);
      expect(refused.status).to.equal(401);
      expect(refused.headers.get('www-authenticate')).to.contain('invalid_token');
      let refreshError: unknown;
      try {
        await client.refreshTokenGrant(login.config, login.refreshToken);
      } catch (error) {
        refreshError = error;
      }
      expect(refreshError).to.be.instanceOf(client.ResponseBodyError).and.to.include({ error: 'invalid_grant' });
      expect(await sessionOf(login.sessionId)).to.include({ status: 'revoked', endReason: 'revoked' });
    });
  });

  describe('a grant revoked by OAuth', () => {
    it('shows its session as revoked (here: its refresh token revoked)', async () => {
      const login = await signInAsAlice();
      expect(await sessionOf(login.sessionId)).to.include({ status: 'active' });
      await client.tokenRevocation(login.config, login.refreshToken);
      expect((await call('GET', '/v1/orgs/1/sessions', login.accessToken)).status).to.equal(401);
      expect(await sessionOf(login.sessionId)).to.include({ status: 'revoked', endReason: 'revoked' });
    });
  });
});
