import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import * as client from 'openid-client';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { SystemClock, isUuidV7 } from '@sapien/kernel';
import { freePort } from '@sapien/testing';
import { createOAuthServer, generateOAuthKeys, type OAuthServer, type RegisteredClient, type SignInSession, type SignInSessions } from '../index.ts';
import { Browser, TestUsers, signIn } from '../testing.ts';

const REDIRECT_URI = 'http://127.0.0.1/callback';

/** The sessions port as packages/users fills it, reduced to what it was asked; `failing` makes it refuse. */
class RecordedSessions implements SignInSessions {
  readonly started: SignInSession[] = [];
  failing = false;

  async start(session: SignInSession): Promise<void> {
    if (this.failing) throw new Error('the session store is down');
    this.started.push(session);
  }
}

describe('the API session of a sign-in', () => {
  let eventStore: EventStore;
  let oauth: OAuthServer;
  let server: Server;
  let issuer: string;
  let web: RegisteredClient;
  const sessions = new RecordedSessions();
  const errors: unknown[] = [];

  before(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    const users = new TestUsers([{ userId: 'u-alice', orgId: 7, login: 'alice', password: 'correct horse', roles: ['member'] }]);
    oauth = createOAuthServer({ issuer, eventStore, clock: new SystemClock(), keys: generateOAuthKeys(), users, sessions, onError: (error) => errors.push(error) });
    server = createServer(oauth.handler);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const system = { actor: { kind: 'system', id: 'test' }, correlationId: 'test' } as const;
    web = await oauth.clients.register(
      { orgId: 7, name: 'console', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: [REDIRECT_URI], scopes: ['users:read'] },
      system,
    );
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await oauth.close();
    await eventStore.close();
  });
  beforeEach(() => {
    sessions.started.length = 0;
    sessions.failing = false;
  });

  const authorize = async (browser: Browser) => {
    const config = await client.discovery(new URL(issuer), web.clientId, web.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'users:read',
      state: 's',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { callback } = await signIn(url, { login: 'alice', password: 'correct horse' }, browser);
    return { config, verifier, callback };
  };

  it("starts one session per new grant, under the grant's id (a UUID v7), before the code is issued", async () => {
    const { config, verifier, callback } = await authorize(new Browser());
    expect(sessions.started).to.have.length(1);
    const [started] = sessions.started;
    expect(started).to.deep.include({ userId: 'u-alice', clientId: web.clientId });
    expect(isUuidV7(started?.sessionId ?? '')).to.equal(true);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: 's' });
    expect(await oauth.resolveAccessToken(tokens.access_token)).to.include({ sessionId: started?.sessionId, userId: 'u-alice' });
  });

  it('starts none when the browser signs in again under the grant it already has', async () => {
    const browser = new Browser();
    await authorize(browser);
    const again = await authorize(browser);
    expect(again.callback.searchParams.get('code')).to.be.a('string');
    expect(sessions.started).to.have.length(1);
  });

  it('ends the sign-in without a code when the session cannot be started', async () => {
    sessions.failing = true;
    const { callback } = await authorize(new Browser());
    expect(callback.searchParams.has('code')).to.equal(false);
    expect(errors.map(String)).to.include('Error: the session store is down');
  });
});
