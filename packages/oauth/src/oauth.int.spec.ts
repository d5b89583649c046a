import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as client from 'openid-client';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock } from '@sapien/kernel';
import { freePort } from '@sapien/testing';
import { createOAuthServer, generateOAuthKeys, sha256Hex, type OAuthKeys, type OAuthServer, type RegisteredClient } from './index.ts';
import { Browser, TestUsers, locationOf, signIn } from './testing.ts';

const REDIRECT_URI = 'http://127.0.0.1/callback';
const system = { actor: { kind: 'system', id: 'test' }, correlationId: 'test' } as const;

/** True once `check` is, polling for up to 1 s: a revocation on another instance counts within that. */
const within1s = async (check: () => Promise<boolean>): Promise<boolean> => {
  const deadline = Date.now() + 1_000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
};

type Instance = Readonly<{ oauth: OAuthServer; eventStore: EventStore; server: Server; url: string }>;

const listen = async (oauth: OAuthServer, port: number): Promise<Server> => {
  const server = createServer(oauth.handler);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
};

describe('OAuth server on oidc-provider with the event-sourced adapter (two instances, one SQLite file)', () => {
  let directory: string;
  let keys: OAuthKeys;
  let issuer: string;
  let a: Instance;
  let b: Instance;
  let machine: RegisteredClient;
  let otherOrgMachine: RegisteredClient;
  let web: RegisteredClient;
  const users = new TestUsers([
    { userId: 'u-alice', orgId: 7, login: 'alice', password: 'correct horse', roles: ['org-admin'] },
    { userId: 'u-bob', orgId: 7, login: 'bob', password: 'battery staple', roles: ['member'], mfaCode: '123456' },
    { userId: 'u-eve', orgId: 8, login: 'eve', password: 'other org', roles: ['org-admin'] },
    { userId: 'u-carol', orgId: 7, login: 'carol', password: 'leaving soon', roles: ['member'] },
  ]);

  const start = async (port: number): Promise<Instance> => {
    const eventStore = await openSqlEventStore(`sqlite:${join(directory, 'events.sqlite')}`);
    const oauth = createOAuthServer({ issuer, eventStore, clock: new SystemClock(), keys, users });
    const server = await listen(oauth, port);
    return { oauth, eventStore, server, url: `http://127.0.0.1:${port}` };
  };

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sapien-oauth-'));
    keys = generateOAuthKeys();
    const [portA, portB] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${portA}`;
    a = await start(portA);
    b = await start(portB);
    machine = await a.oauth.clients.register(
      { orgId: 7, name: 'billing sync', grantTypes: ['client_credentials'], scopes: ['orgs:read', 'people:read'] },
      system,
    );
    otherOrgMachine = await a.oauth.clients.register({ orgId: 8, name: 'other', grantTypes: ['client_credentials'], scopes: ['orgs:read'] }, system);
    web = await a.oauth.clients.register(
      {
        orgId: 7,
        name: 'console',
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: [REDIRECT_URI],
        scopes: ['orgs:read', 'users:write'],
      },
      system,
    );
  });

  after(async () => {
    for (const instance of [a, b]) {
      await new Promise((resolve) => instance.server.close(resolve));
      await instance.oauth.close();
      await instance.eventStore.close();
    }
    await rm(directory, { recursive: true, force: true });
  });

  const configFor = async (registered: RegisteredClient, algorithm: 'oidc' | 'oauth2' = 'oidc') =>
    client.discovery(new URL(issuer), registered.clientId, registered.clientSecret, undefined, {
      execute: [client.allowInsecureRequests],
      algorithm,
    });

  /** The same client, pointed at instance B's endpoints. */
  const onB = (config: client.Configuration, registered: RegisteredClient): client.Configuration => {
    const { supportsPKCE: _supportsPKCE, ...metadata } = config.serverMetadata();
    const moved = (endpoint: string | undefined) => (endpoint ? endpoint.replace(issuer, b.url) : undefined);
    const other = new client.Configuration(
      { ...metadata, introspection_endpoint: moved(metadata.introspection_endpoint), revocation_endpoint: moved(metadata.revocation_endpoint), token_endpoint: moved(metadata.token_endpoint) },
      registered.clientId,
      registered.clientSecret,
    );
    client.allowInsecureRequests(other);
    return other;
  };

  const pkce = async () => {
    const verifier = client.randomPKCECodeVerifier();
    return { verifier, challenge: await client.calculatePKCECodeChallenge(verifier) };
  };

  const authorizationUrl = (config: client.Configuration, params: Record<string, string>) =>
    client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'orgs:read users:write', state: 'st-1', ...params });

  describe('discovery', () => {
    it('serves the metadata at /.well-known/openid-configuration and /.well-known/oauth-authorization-server', async () => {
      const oidc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      const oauth2 = (await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      expect(oauth2).to.deep.equal(oidc);
      expect(oidc).to.include({
        issuer,
        authorization_endpoint: `${issuer}/oauth/auth`,
        token_endpoint: `${issuer}/oauth/token`,
        introspection_endpoint: `${issuer}/oauth/token/introspection`,
        revocation_endpoint: `${issuer}/oauth/token/revocation`,
        jwks_uri: `${issuer}/oauth/jwks`,
      });
      expect(oidc.code_challenge_methods_supported).to.deep.equal(['S256']);
      expect(oidc.response_types_supported).to.deep.equal(['code']);
      expect(oidc.grant_types_supported).to.have.members(['authorization_code', 'refresh_token', 'client_credentials']);
    });

    it('is read by openid-client under both names', async () => {
      expect((await configFor(machine, 'oidc')).serverMetadata().issuer).to.equal(issuer);
      expect((await configFor(machine, 'oauth2')).serverMetadata().issuer).to.equal(issuer);
    });
  });

  describe('grant_type=client_credentials', () => {
    it('issues an opaque access token with the client org and the scopes asked for', async () => {
      const tokens = await client.clientCredentialsGrant(await configFor(machine), { scope: 'orgs:read' });
      expect(tokens.token_type.toLowerCase()).to.equal('bearer');
      expect(tokens.access_token.split('.')).to.have.length(1); // not a JWT
      expect(tokens.expires_in).to.equal(600);
      expect(await a.oauth.resolveAccessToken(tokens.access_token)).to.deep.include({
        kind: 'client',
        clientId: machine.clientId,
        orgId: 7,
        scopes: ['orgs:read'],
        roles: [],
      });
    });

    it('leaves out scopes the client was not registered for', async () => {
      const tokens = await client.clientCredentialsGrant(await configFor(machine), { scope: 'orgs:read admin users:write' });
      expect(tokens.scope).to.equal('orgs:read');
    });

    it('refuses a wrong secret', async () => {
      const config = await configFor({ ...machine, clientSecret: `${machine.clientSecret}x` });
      let thrown: unknown;
      try {
        await client.clientCredentialsGrant(config, { scope: 'orgs:read' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.have.property('error', 'invalid_client');
    });

    it('gives a token that the other instance accepts at once', async () => {
      const tokens = await client.clientCredentialsGrant(await configFor(machine), { scope: 'people:read' });
      expect(await b.oauth.resolveAccessToken(tokens.access_token)).to.deep.include({ clientId: machine.clientId, orgId: 7, scopes: ['people:read'] });
    });
  });

  describe('introspection (RFC 7662)', () => {
    it('says active, with org and scope, for a live token, on either instance', async () => {
      const config = await configFor(machine);
      const tokens = await client.clientCredentialsGrant(config, { scope: 'orgs:read' });
      const fromB = await client.tokenIntrospection(onB(config, machine), tokens.access_token);
      expect(fromB).to.include({ active: true, client_id: machine.clientId, scope: 'orgs:read', org_id: 7, aud: 'urn:sapien:api' });
    });

    it('says inactive for an unknown token', async () => {
      expect(await client.tokenIntrospection(await configFor(machine), 'not-a-token')).to.deep.equal({ active: false });
    });

    it("does not show another org's client a token", async () => {
      const tokens = await client.clientCredentialsGrant(await configFor(machine), { scope: 'orgs:read' });
      expect(await client.tokenIntrospection(await configFor(otherOrgMachine), tokens.access_token)).to.deep.equal({ active: false });
    });
  });

  describe('revocation (RFC 7009)', () => {
    it('revokes on one instance, which refuses the token at once', async () => {
      const config = await configFor(machine);
      const tokens = await client.clientCredentialsGrant(config, { scope: 'orgs:read' });
      expect(await a.oauth.resolveAccessToken(tokens.access_token)).to.not.equal(undefined);
      await client.tokenRevocation(config, tokens.access_token);
      expect(await a.oauth.resolveAccessToken(tokens.access_token)).to.equal(undefined);
    });

    it('revokes on one instance, and the other refuses the token within 1 s', async () => {
      const config = await configFor(machine);
      const tokens = await client.clientCredentialsGrant(config, { scope: 'orgs:read' });
      expect(await b.oauth.resolveAccessToken(tokens.access_token)).to.not.equal(undefined);
      await client.tokenRevocation(config, tokens.access_token);
      expect(await within1s(async () => (await b.oauth.resolveAccessToken(tokens.access_token)) === undefined)).to.equal(true);
      expect(await client.tokenIntrospection(onB(config, machine), tokens.access_token)).to.deep.equal({ active: false });
    });
  });

  describe('authorization code with PKCE', () => {
    it('refuses an authorization request without code_challenge', async () => {
      const response = await new Browser().get(authorizationUrl(await configFor(web), {}));
      const callback = locationOf(response, issuer);
      expect(callback.searchParams.get('error')).to.equal('invalid_request');
      expect(callback.searchParams.get('error_description')).to.match(/PKCE/u);
    });

    it('refuses code_challenge_method=plain', async () => {
      const { verifier } = await pkce();
      const response = await new Browser().get(
        authorizationUrl(await configFor(web), { code_challenge: verifier, code_challenge_method: 'plain' }),
      );
      const callback = locationOf(response, issuer);
      expect(callback.searchParams.get('error')).to.equal('invalid_request');
      expect(callback.searchParams.get('error_description')).to.match(/code_challenge_method/u);
    });

    it('signs a user in through the login page and issues tokens for the code and verifier', async () => {
      const config = await configFor(web);
      const { verifier, challenge } = await pkce();
      const { callback, pages } = await signIn(authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' }), {
        login: 'alice',
        password: 'correct horse',
      });
      expect(pages[0]).to.contain('Sign in to Sapien').and.contain('console');
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st-1' });
      expect(tokens.refresh_token).to.be.a('string');
      expect(await b.oauth.resolveAccessToken(tokens.access_token)).to.deep.include({
        kind: 'user',
        clientId: web.clientId,
        orgId: 7,
        userId: 'u-alice',
        roles: ['org-admin'],
        scopes: ['orgs:read', 'users:write'],
      });
    });

    it('refuses a code with the wrong verifier', async () => {
      const config = await configFor(web);
      const { challenge } = await pkce();
      const { callback } = await signIn(authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' }), {
        login: 'alice',
        password: 'correct horse',
      });
      let thrown: unknown;
      try {
        await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: 'st-1' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.have.property('error', 'invalid_grant');
    });

    it('asks for the second factor when the user has one', async () => {
      const config = await configFor(web);
      const { verifier, challenge } = await pkce();
      const { callback, pages } = await signIn(authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' }), {
        login: 'bob',
        password: 'battery staple',
        mfaCode: '123456',
      });
      expect(pages[1]).to.contain('<h1>Enter your second factor</h1>');
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st-1' });
      expect(await a.oauth.resolveAccessToken(tokens.access_token)).to.deep.include({ userId: 'u-bob', roles: ['member'] });
    });

    it('shows the sign-in page only to the browser that started the sign-in, and lets it cancel', async () => {
      const { challenge } = await pkce();
      const browser = new Browser();
      const started = await browser.get(authorizationUrl(await configFor(web), { code_challenge: challenge, code_challenge_method: 'S256' }));
      const page = locationOf(started, issuer);
      expect(page.pathname).to.match(/^\/interaction\//u);
      const stranger = await new Browser().get(page);
      expect(stranger.status).to.equal(400);
      expect(await stranger.text()).to.contain('start again');
      const cancelled = await browser.postForm(new URL(`${page.pathname}/abort`, issuer), {});
      let next = locationOf(cancelled, issuer);
      while (next.origin === issuer) next = locationOf(await browser.get(next), issuer);
      expect(next.searchParams.get('error')).to.equal('access_denied');
    });

    it('refuses a wrong password and a user of another org with the same page', async () => {
      const config = await configFor(web);
      const { challenge } = await pkce();
      const url = authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' });
      const wrong = await signIn(url, { login: 'alice', password: 'nope' });
      const stranger = await signIn(url, { login: 'eve', password: 'other org' });
      expect(wrong.pages.at(-1)).to.contain('not right');
      expect(stranger.pages.at(-1)).to.contain('not right');
    });
  });

  describe('grant_type=refresh_token', () => {
    const signedIn = async (login = 'alice', password = 'correct horse') => {
      const config = await configFor(web);
      const { verifier, challenge } = await pkce();
      const { callback } = await signIn(authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' }), {
        login,
        password,
      });
      return { config, tokens: await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st-1' }) };
    };

    it('rotates the refresh token on every use', async () => {
      const { config, tokens } = await signedIn();
      const first = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      const second = await client.refreshTokenGrant(onB(config, web), first.refresh_token ?? '');
      expect(new Set([tokens.refresh_token, first.refresh_token, second.refresh_token]).size).to.equal(3);
      expect(await a.oauth.resolveAccessToken(second.access_token)).to.deep.include({ userId: 'u-alice', scopes: ['orgs:read', 'users:write'] });
    });

    it('treats a reused refresh token as theft: refuses it and revokes the whole grant', async () => {
      const { config, tokens } = await signedIn();
      const rotated = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      let thrown: unknown;
      try {
        await client.refreshTokenGrant(onB(config, web), tokens.refresh_token ?? '');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.have.property('error', 'invalid_grant');
      expect(await a.oauth.resolveAccessToken(rotated.access_token)).to.equal(undefined);
      expect(await a.oauth.resolveAccessToken(tokens.access_token)).to.equal(undefined);
      let again: unknown;
      try {
        await client.refreshTokenGrant(config, rotated.refresh_token ?? '');
      } catch (error) {
        again = error;
      }
      expect(again).to.have.property('error', 'invalid_grant');
    });

    it('lets only one of two refreshes racing with one refresh token through, and revokes the grant', async () => {
      const { config, tokens } = await signedIn();
      const outcomes = await Promise.allSettled([
        client.refreshTokenGrant(config, tokens.refresh_token ?? ''),
        client.refreshTokenGrant(onB(config, web), tokens.refresh_token ?? ''),
      ]);
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => o.status === 'rejected' && (o.reason as { error?: string }).error)).to.deep.equal([
        'invalid_grant',
      ]);
      const winner = outcomes.find((o) => o.status === 'fulfilled');
      expect(winner?.status === 'fulfilled' && (await a.oauth.resolveAccessToken(winner.value.access_token))).to.equal(undefined);
    });

    it('gives a user who was removed no new tokens', async () => {
      const { config, tokens } = await signedIn('carol', 'leaving soon');
      users.remove('u-carol');
      let thrown: unknown;
      try {
        await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.have.property('error', 'invalid_grant');
    });

    it('refuses an authorization code used twice and revokes what it gave', async () => {
      const config = await configFor(web);
      const { verifier, challenge } = await pkce();
      const { callback } = await signIn(authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' }), {
        login: 'alice',
        password: 'correct horse',
      });
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st-1' });
      let thrown: unknown;
      try {
        await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st-1' });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.have.property('error', 'invalid_grant');
      expect(await a.oauth.resolveAccessToken(tokens.access_token)).to.equal(undefined);
    });
  });

  describe('the event store', () => {
    it('holds every token, code and secret only as a hash, and records issue, consumption and revocation', async () => {
      const config = await configFor(web);
      const { verifier, challenge } = await pkce();
      const { callback } = await signIn(authorizationUrl(config, { code_challenge: challenge, code_challenge_method: 'S256' }), {
        login: 'alice',
        password: 'correct horse',
      });
      const code = callback.searchParams.get('code') ?? '';
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 'st-1' });
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token ?? '');
      const machineToken = await client.clientCredentialsGrant(await configFor(machine), { scope: 'orgs:read' });
      await client.tokenRevocation(config, refreshed.refresh_token ?? '');

      const events = await a.eventStore.readAll({ after: 0, maxCount: 100_000 });
      const stored = JSON.stringify(events);
      const raw = [code, tokens.access_token, tokens.refresh_token, refreshed.access_token, refreshed.refresh_token, machineToken.access_token];
      for (const value of [...raw, machine.clientSecret, web.clientSecret, otherOrgMachine.clientSecret]) {
        expect(value).to.be.a('string').with.length.greaterThan(20);
        expect(stored.includes(value ?? ''), 'a raw token, code or secret is in the event store').to.equal(false);
      }
      const streamOf = (value: string | undefined) => events.filter((event) => event.streamId === `oauthtoken-${sha256Hex(value ?? '')}`);
      expect(streamOf(code).map((e) => e.type)).to.deep.equal(['AuthorizationCodeIssued', 'AuthorizationCodeConsumed']);
      expect(streamOf(tokens.refresh_token).map((e) => e.type)).to.deep.equal(['RefreshTokenIssued', 'RefreshTokenConsumed']);
      expect(streamOf(refreshed.refresh_token).map((e) => e.type)).to.deep.include.members(['RefreshTokenIssued']);
      expect(streamOf(machineToken.access_token).map((e) => [e.type, e.metadata.orgId, e.metadata.actor])).to.deep.equal([
        ['AccessTokenIssued', 7, { kind: 'client', id: machine.clientId }],
      ]);
      expect(streamOf(tokens.access_token)[0]?.metadata).to.deep.include({ orgId: 7, actor: { kind: 'user', id: 'u-alice' } });
      expect(events.filter((e) => e.type === 'GrantRevoked').length).to.be.greaterThan(0);
      expect(events.find((e) => e.type === 'ClientRegistered' && e.streamId === `client-${web.clientId}`)?.metadata.orgId).to.equal(7);
    });
  });
});
