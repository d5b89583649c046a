import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { SystemClock } from '@sapien/kernel';
import { generateOAuthKeys, registerBootstrapClient } from '@sapien/oauth';
import { AesGcmSecretBox, EventSourcedUserAuthenticator, ScryptPasswordHasher, TotpService } from '@sapien/users';
import { startOAuthApi, type OAuthApi } from './testing.ts';

export type CallResult = Readonly<{ status: number; headers: Headers; body: Record<string, unknown> }>;

/** The start of an authorization code flow, and how to redeem the code the browser brings back. */
export type Authorization = Readonly<{ url: URL; redeem(callback: URL): Promise<string> }>;

export type SignInFixture = Readonly<{
  api: OAuthApi;
  /** A platform-admin token. */
  admin: string;
  /** Where the org's web client gets its codes: a page that says the browser is back in the app. */
  redirectUri: string;
  call(method: string, path: string, token?: string, body?: unknown): Promise<CallResult>;
  /** Creates a user of the org through the API; returns its id. */
  createUser(orgId: number, body: Readonly<Record<string, unknown>>): Promise<string>;
  /** An authorization request of the org's web client (authorization code + PKCE), for a browser to follow. */
  authorize(orgId: number): Promise<Authorization>;
  close(): Promise<void>;
}>;

const BOOTSTRAP = { clientId: 'ops', clientSecret: 'the bootstrap secret of this browser run' };
export const BACK_IN_THE_APP = 'Back in the app';
export const WEB_SCOPES = 'orgs:read users:read';

const discover = (issuer: string, clientId: string, clientSecret: string) =>
  client.discovery(new URL(issuer), clientId, clientSecret, undefined, { execute: [client.allowInsecureRequests] });

const listen = async (server: Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};

/**
 * A listening API with the OAuth server whose users are packages/users' (EventSourcedUserAuthenticator
 * over the API's event store), orgs created by a platform admin, one web client per org, and the
 * client's redirect URI served on loopback.
 */
export const startSignInFixture = async (orgIds: readonly number[]): Promise<SignInFixture> => {
  const secretBox = new AesGcmSecretBox(AesGcmSecretBox.generateKey());
  const passwordHasher = new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 1 });
  const clock = new SystemClock();
  const app = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!DOCTYPE html><html lang="en"><title>${BACK_IN_THE_APP}</title><h1>${BACK_IN_THE_APP}</h1></html>`),
  );
  const redirectUri = `http://127.0.0.1:${await listen(app)}/callback`;
  const api = await startOAuthApi({
    eventStoreUrl: 'sqlite::memory:',
    keys: generateOAuthKeys(),
    secretBox,
    passwordHasher,
    users: (eventStore) => new EventSourcedUserAuthenticator({ eventStore, passwordHasher, totp: new TotpService(secretBox), clock }),
  });

  const call = async (method: string, path: string, token?: string, body?: unknown): Promise<CallResult> => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  };
  const expectStatus = (result: CallResult, status: number, what: string): CallResult => {
    if (result.status !== status) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
    return result;
  };

  await registerBootstrapClient({ eventStore: api.eventStore, clock }, BOOTSTRAP);
  const admin = (await client.clientCredentialsGrant(await discover(api.url, BOOTSTRAP.clientId, BOOTSTRAP.clientSecret), { scope: 'admin' })).access_token;
  const webClients = new Map<number, client.Configuration>();
  for (const orgId of orgIds) {
    expectStatus(await call('POST', '/v1/orgs', admin, { name: `Org ${orgId}`, orgId }), 201, 'create org');
    const registration = { name: `Console of org ${orgId}`, grantTypes: ['authorization_code'], redirectUris: [redirectUri], scopes: WEB_SCOPES.split(' ') };
    const { clientId, clientSecret } = expectStatus(await call('POST', `/v1/orgs/${orgId}/clients`, admin, registration), 201, 'register client').body;
    webClients.set(orgId, await discover(api.url, String(clientId), String(clientSecret)));
  }

  return {
    api,
    admin,
    redirectUri,
    call,
    createUser: async (orgId, body) => String(expectStatus(await call('POST', `/v1/orgs/${orgId}/users`, admin, body), 201, 'create user').body.userId),
    authorize: async (orgId) => {
      const configuration = webClients.get(orgId);
      if (!configuration) throw new Error(`no web client for org ${orgId}`);
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        scope: WEB_SCOPES,
        state,
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      const redeem = async (callback: URL) =>
        (await client.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: verifier, expectedState: state })).access_token;
      return { url, redeem };
    },
    close: async () => {
      await api.close();
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    },
  };
};
