import { newId } from '@sapien/kernel';
import type { OAuthServer, RegisteredClient } from '@sapien/oauth';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { LoadJob } from './http-load-job.ts';

/** A client of one org allowed client_credentials with `orgs:read`, as POST /v1/orgs/{orgId}/clients registers it. */
export const registerOrgClient = (oauth: OAuthServer, orgId: number): Promise<RegisteredClient> =>
  oauth.clients.register(
    { orgId, name: 'bench', grantTypes: ['client_credentials'], scopes: ['orgs:read'] },
    { actor: { kind: 'system', id: 'bench' }, correlationId: newId() },
  );

/**
 * Puts a client registered in the event store into an OAuth server on oidc-provider's own memory
 * adapter: the same metadata (the same secret verifier), read the way the event-sourced server
 * reads it. oidc-provider's Client model has a static `adapter` its types do not declare.
 */
export const copyClient = async (from: OAuthServer, to: OAuthServer, clientId: string): Promise<void> => {
  const client = await from.provider.Client.find(clientId);
  if (client === undefined) throw new Error(`client ${clientId} is not registered`);
  const model = to.provider.Client as unknown as Readonly<{ adapter: Adapter }>;
  // No expiry: oidc-provider's memory store keeps an entry without one until evicted (it is read on every request).
  await model.adapter.upsert(clientId, client.metadata() as AdapterPayload, Number.POSITIVE_INFINITY);
};

const basic = (client: RegisteredClient): string =>
  // RFC 6749 §2.3.1: both parts form-encoded before Base64.
  `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;

export const TOKEN_PATH = '/oauth/token';
const TOKEN_FORM = new URLSearchParams({ grant_type: 'client_credentials', scope: 'orgs:read' }).toString();

/** POST /oauth/token, client_credentials for `orgs:read`, the client authenticated with client_secret_basic. */
export const tokenRequest = (url: string, client: RegisteredClient): Omit<LoadJob, 'concurrency' | 'seconds'> => ({
  url,
  method: 'POST',
  path: TOKEN_PATH,
  headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  body: TOKEN_FORM,
  expectStatus: 200,
});

/** One access token for `client`. */
export const fetchAccessToken = async (url: string, client: RegisteredClient): Promise<string> => {
  const request = tokenRequest(url, client);
  const response = await fetch(`${url}${request.path}`, { method: 'POST', headers: request.headers, body: request.body ?? null });
  const body = (await response.json()) as Readonly<{ access_token?: unknown }>;
  if (response.status !== 200 || typeof body.access_token !== 'string') throw new Error(`no token: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
};
