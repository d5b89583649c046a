import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as client from 'openid-client';
import { SystemClock } from '@sapien/kernel';
import { verifyEventLogChain } from '@sapien/projections';
import { generateOAuthKeys, registerBootstrapClient, type OAuthKeys } from '@sapien/oauth';
import { TestUsers, signIn } from '@sapien/oauth/testing';
import { createTemporaryDatabase, requirePostgres, type TemporaryDatabase } from '@sapien/testing';
import { startOAuthApi, type OAuthApi } from './testing.ts';

const BOOTSTRAP = { clientId: 'ops', clientSecret: 'the bootstrap secret of this test run' };
const REDIRECT_URI = 'http://127.0.0.1/callback';
const PROBLEM = /^application\/problem\+json/u;

const users = new TestUsers([
  { userId: 'u-alice', orgId: 7, login: 'alice', password: 'correct horse', roles: ['org-admin'] },
  { userId: 'u-bob', orgId: 7, login: 'bob', password: 'battery staple', roles: ['member'] },
  { userId: 'u-eve', orgId: 8, login: 'eve', password: 'other org', roles: ['org-admin'] },
]);

const discover = (issuer: string, clientId: string, clientSecret: string) =>
  client.discovery(new URL(issuer), clientId, clientSecret, undefined, { execute: [client.allowInsecureRequests] });

const call = async (api: OAuthApi, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
};

describe('OAuth in the API (SQLite file)', () => {
  let directory: string;
  let keys: OAuthKeys;
  let api: OAuthApi;
  let admin: string;
  let webClient: { clientId: string; clientSecret: string };

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sapien-api-oauth-'));
    keys = generateOAuthKeys();
    api = await startOAuthApi({ eventStoreUrl: `sqlite:${join(directory, 'events.sqlite')}`, keys, users });
    await registerBootstrapClient({ eventStore: api.eventStore, clock: new SystemClock() }, BOOTSTRAP);
    admin = (await client.clientCredentialsGrant(await discover(api.url, BOOTSTRAP.clientId, BOOTSTRAP.clientSecret), { scope: 'admin' })).access_token;
    for (const orgId of [7, 8]) expect((await call(api, 'POST', '/v1/orgs', admin, { name: `Org ${orgId}`, orgId })).status).to.equal(201);
    const registered = await call(api, 'POST', '/v1/orgs/7/clients', admin, {
      name: 'console',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: [REDIRECT_URI],
      scopes: ['orgs:read', 'orgs:write', 'people:read'],
    });
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    webClient = registered.body as typeof webClient;
  });
  after(async () => {
    await api?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const userToken = async (login: string, password: string, scope = 'orgs:read orgs:write people:read') => {
    const config = await discover(api.url, webClient.clientId, webClient.clientSecret);
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope,
      state: 's',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { callback } = await signIn(url, { login, password });
    return (await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's' })).access_token;
  };

  describe('the OAuth paths', () => {
    it('serve discovery at both well-known paths, with the correlation id', async () => {
      const response = await fetch(`${api.url}/.well-known/oauth-authorization-server`, { headers: { 'x-correlation-id': 'disco-1' } });
      expect(response.headers.get('x-correlation-id')).to.equal('disco-1');
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).to.include({ issuer: api.url, token_endpoint: `${api.url}/oauth/token` });
      expect(await (await fetch(`${api.url}/.well-known/openid-configuration`)).json()).to.deep.equal(metadata);
    });

    it('leave the rest to the API: an unknown OAuth path is a problem+json 404', async () => {
      const response = await call(api, 'GET', '/oauth/token');
      expect(response.status).to.equal(404);
      expect(response.headers.get('content-type')).to.match(PROBLEM);
    });

    it('are not in the OpenAPI document', async () => {
      const { body } = await call(api, 'GET', '/openapi.json');
      const paths = Object.keys(body.paths as object);
      expect(paths).to.include('/v1/orgs/{orgId}/clients');
      expect(paths.filter((path) => path.startsWith('/oauth') || path.startsWith('/interaction'))).to.deep.equal([]);
    });

    it('give a token that /v1 accepts at once', async () => {
      const response = await call(api, 'GET', '/v1/orgs/7', admin, undefined, { 'sapien-min-position': '1' });
      expect(response.status).to.equal(200);
      expect(await api.oauth.resolveAccessToken(admin)).to.deep.include({ clientId: 'ops', orgId: undefined, scopes: ['admin'] });
    });

    it('append events the projections take in: each lands in the org’s hash-chained EventLog', async () => {
      await userToken('alice', 'correct horse');
      expect(await api.runner.waitForPosition(await api.eventStore.headPosition(), 10_000)).to.equal(true);
      const verified = await verifyEventLogChain(api.readModels.db, 7);
      expect(verified.ok).to.equal(true);
      const types = (await api.readModels.db('EventLog').where('OrgId', 7).select('EventType')).map((row: { EventType: string }) => row.EventType);
      expect(types).to.include.members(['ClientRegistered', 'GrantRecorded', 'AuthorizationCodeIssued', 'AuthorizationCodeConsumed', 'AccessTokenIssued']);
    });

    it('sign a user in through the login pages served by the API', async () => {
      const token = await userToken('alice', 'correct horse');
      expect(await api.oauth.resolveAccessToken(token)).to.deep.include({ kind: 'user', userId: 'u-alice', orgId: 7, roles: ['org-admin'] });
    });
  });

  describe('POST /v1/orgs/{orgId}/clients', () => {
    const register = (token: string | undefined, orgId: number, body: unknown, headers: Record<string, string> = {}) =>
      call(api, 'POST', `/v1/orgs/${orgId}/clients`, token, body, headers);
    const machine = { name: 'billing', grantTypes: ['client_credentials'], scopes: ['orgs:read'] };

    it('registers a client for a platform admin and shows the secret once, with no-store', async () => {
      const response = await register(admin, 7, machine);
      expect(response.status).to.equal(201);
      expect(response.headers.get('cache-control')).to.equal('no-store');
      expect(Number(response.headers.get('sapien-position'))).to.be.greaterThan(0);
      const { clientId, clientSecret } = response.body as { clientId: string; clientSecret: string };
      const tokens = await client.clientCredentialsGrant(await discover(api.url, clientId, clientSecret), { scope: 'orgs:read' });
      expect(await api.oauth.resolveAccessToken(tokens.access_token)).to.deep.include({ clientId, orgId: 7, scopes: ['orgs:read'] });
      const stored = JSON.stringify(await api.eventStore.readAll({ after: 0, maxCount: 100_000 }));
      expect(stored.includes(clientSecret)).to.equal(false);
      expect(stored.includes(webClient.clientSecret)).to.equal(false);
    });

    it("registers a client for the org's admin, within the admin's own scopes", async () => {
      const token = await userToken('alice', 'correct horse', 'orgs:write orgs:read');
      expect((await register(token, 7, machine)).status).to.equal(201);
      const beyond = await register(token, 7, { ...machine, scopes: ['people:read'] });
      expect(beyond.status).to.equal(400);
      expect(beyond.body).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'scopes' });
    });

    it('answers 401 without a token', async () => {
      const response = await register(undefined, 7, machine);
      expect(response.status).to.equal(401);
      expect(response.headers.get('www-authenticate')).to.match(/^Bearer/u);
    });

    it('answers 403 to a member who is not an org admin, and to a client of the org', async () => {
      expect((await register(await userToken('bob', 'battery staple'), 7, machine)).status).to.equal(403);
      const created = (await register(admin, 7, { ...machine, scopes: ['orgs:write'] })).body as { clientId: string; clientSecret: string };
      const orgClient = await client.clientCredentialsGrant(await discover(api.url, created.clientId, created.clientSecret), { scope: 'orgs:write' });
      expect((await register(orgClient.access_token, 7, machine)).status).to.equal(403);
    });

    it('answers 404 for another org, and for an org that does not exist', async () => {
      const token = await userToken('alice', 'correct horse');
      expect((await register(token, 8, machine)).status).to.equal(404);
      expect((await register(admin, 99, machine)).status).to.equal(404);
    });

    it('never gives admin to a client of an org', async () => {
      const response = await register(admin, 7, { ...machine, scopes: ['admin'] });
      expect(response.status).to.equal(400);
      expect(response.body).to.include({ field: 'scopes' });
    });

    it('refuses a redirect URI oidc-provider would refuse, and one without https', async () => {
      const interactive = { name: 'app', grantTypes: ['authorization_code'], scopes: ['orgs:read'] };
      expect((await register(admin, 7, { ...interactive, redirectUris: ['http://app.example.com/cb'] })).status).to.equal(400);
      expect((await register(admin, 7, { ...interactive, redirectUris: ['not a url'] })).status).to.equal(400);
    });

    it('does not register a second client when a request with an Idempotency-Key is retried', async () => {
      const first = await register(admin, 7, machine, { 'idempotency-key': 'register-billing-1' });
      const retry = await register(admin, 7, machine, { 'idempotency-key': 'register-billing-1' });
      expect(first.status).to.equal(201);
      expect(retry.status).to.equal(409);
      expect(retry.body).to.include({ type: 'urn:sapien:problem:client-exists', clientId: (first.body as { clientId: string }).clientId });
    });
  });
});

describe('OAuth across two API instances (PostgreSQL)', () => {
  let database: TemporaryDatabase | undefined;
  let a: OAuthApi;
  let b: OAuthApi;

  before(requirePostgres);
  before(async () => {
    database = await createTemporaryDatabase('sapien_oauth');
    const keys = generateOAuthKeys();
    a = await startOAuthApi({ eventStoreUrl: database.url, keys, users });
    b = await startOAuthApi({ eventStoreUrl: database.url, keys, users, issuer: a.url });
    await registerBootstrapClient({ eventStore: a.eventStore, clock: new SystemClock() }, BOOTSTRAP);
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  it('accepts a token on the other instance the moment it is issued, and refuses it there within 1 s of its revocation', async () => {
    const config = await discover(a.url, BOOTSTRAP.clientId, BOOTSTRAP.clientSecret);
    const { access_token: token } = await client.clientCredentialsGrant(config, { scope: 'admin' });
    const created = await call(b, 'POST', '/v1/orgs', token, { name: 'Made on B', orgId: 5 });
    expect(created.status).to.equal(201);
    await client.tokenRevocation(config, token);
    // Polled for up to 1 s: B may reuse what it resolved for PRINCIPAL_CACHE_MS (500 ms).
    const deadline = Date.now() + 1_000;
    let refused = await call(b, 'GET', '/v1/orgs/5', token);
    while (refused.status !== 401 && Date.now() < deadline) {
      await sleep(50);
      refused = await call(b, 'GET', '/v1/orgs/5', token);
    }
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).to.contain('invalid_token');
  });

  it('refuses a token on the instance that revoked it at once', async () => {
    const config = await discover(a.url, BOOTSTRAP.clientId, BOOTSTRAP.clientSecret);
    const { access_token: token } = await client.clientCredentialsGrant(config, { scope: 'admin' });
    expect((await call(a, 'POST', '/v1/orgs', token, { name: 'Made on A', orgId: 6 })).status).to.equal(201);
    await client.tokenRevocation(config, token);
    const refused = await call(a, 'GET', '/v1/orgs/6', token);
    expect(refused.status).to.equal(401);
    expect(refused.headers.get('www-authenticate')).to.contain('invalid_token');
  });
});
