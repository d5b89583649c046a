import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import type { Actor, Clock } from '@sapien/kernel';
import { ValidationError, newId } from '@sapien/kernel';
import Provider, { errors } from 'oidc-provider';
import { createOAuthStores } from './adapter/factory.ts';
import { createClientRegistry, type ClientRegistry } from './clients/registry.ts';
import { clientMetadataOf } from './clients/metadata.ts';
import { providerConfiguration } from './configuration.ts';
import { verifySecret } from './hashing.ts';
import { interactionRoutes } from './interaction/routes.ts';
import type { OAuthKeys } from './keys.ts';
import { resolvePrincipal } from './principal.ts';
import { OAUTH_PATHS } from './routes.ts';
import { DEFAULT_TTL, type OAuthTtl } from './ttl.ts';
import type { SignInSessions } from './sessions.ts';
import { serverSso } from './sso/server-sso.ts';
import type { SsoSecretBox, SsoSettings } from './sso/settings.ts';
import type { UserAuthenticator } from './users.ts';

export type OAuthServerOptions = Readonly<{
  /** The API's public base URL, an origin without a path, e.g. https://api.example.com. */
  issuer: string;
  eventStore: EventStore;
  clock: Clock;
  keys: OAuthKeys;
  users: UserAuthenticator;
  /** Starts an API session per new grant of a user's sign-in (packages/users' UserSessions). Absent: none. */
  sessions?: SignInSessions;
  ttl?: Partial<OAuthTtl>;
  /** Trust X-Forwarded-* (behind a TLS-terminating proxy). Default false. */
  trustProxy?: boolean;
  /** Unexpected errors (a failing event store…): the client gets a generic server_error. Default: stderr. */
  onError?: (error: unknown) => void;
  /**
   * Where oidc-provider keeps tokens, grants and clients: the event store (default), or oidc-provider's
   * own development in-memory adapter — nothing durable or shared, clients put in by hand through
   * `provider.Client.adapter` — which exists only as the benchmarks' baseline (bench/token-bench.ts).
   */
  adapter?: 'event-store' | 'oidc-provider-memory';
  /** Seals orgs' SSO client secrets (packages/users' SecretBox, SAPIEN_SECRET_KEY). Absent: no org can use SSO. */
  secretBox?: SsoSecretBox;
}>;

export type OAuthServer = Readonly<{
  provider: Provider;
  /** The node request handler for every path in OAUTH_ROUTES. */
  handler: (request: IncomingMessage, response: ServerResponse) => void;
  /**
   * The principal of a live access token, or undefined. Reads the event store, or within
   * PRINCIPAL_CACHE_MS of a read on this instance its cache (revocations through it evict at once).
   */
  resolveAccessToken(token: string): Promise<Principal | undefined>;
  clients: ClientRegistry;
  /** Orgs' single sign-on settings (their external OpenID Connect providers). */
  sso: SsoSettings;
  /** Revokes a grant (a user's sign-in) and every token under it. */
  revokeGrant(grantId: string, context: Readonly<{ actor: Actor; correlationId: string }>): Promise<void>;
  close(): Promise<void>;
}>;

const logToStderr = (error: unknown): void => {
  process.stderr.write(`sapien oauth: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
};

/**
 * Sapien's OAuth 2.0 server: oidc-provider 9 with the event-sourced adapter, the login/MFA
 * interaction and hashed client secrets (README.md explains each choice).
 */
export const createOAuthServer = (options: OAuthServerOptions): OAuthServer => {
  // The paths of OAUTH_ROUTES sit at the root: an issuer with a path would move them.
  if (URL.parse(options.issuer)?.pathname !== '/') {
    throw new ValidationError(`the OAuth issuer must be an origin without a path: ${options.issuer}`, 'issuer');
  }
  const ttl: OAuthTtl = { ...DEFAULT_TTL, ...options.ttl };
  const onError = options.onError ?? logToStderr;
  const stores = createOAuthStores(options.eventStore, options.clock);
  const adapter = options.adapter === 'oidc-provider-memory' ? undefined : stores.adapter;
  const provider = new Provider(
    options.issuer,
    providerConfiguration({ adapter, keys: options.keys, users: options.users, clients: stores.clients, ttl }),
  );
  provider.proxy = options.trustProxy ?? false;
  // The stored client_secret is a verifier (hashing.ts), so the comparison hashes what was presented.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
    return this.clientSecret === undefined ? false : verifySecret(this.clientSecret, actual);
  };
  const sso = serverSso({ issuer: options.issuer, eventStore: options.eventStore, clock: options.clock, secretBox: options.secretBox });
  provider.use(sso.callbackHop);
  provider.use(
    interactionRoutes({ provider, users: options.users, ...(options.sessions ? { sessions: options.sessions } : {}), onError, ...(sso.signIn ? { sso: sso.signIn } : {}) }),
  );
  provider.on('server_error', (_ctx: unknown, error: unknown) => onError(error));

  const callback = provider.callback();
  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    // RFC 8414 metadata is the same document as OpenID discovery.
    if (request.url?.startsWith(OAUTH_PATHS.authorizationServerMetadata)) {
      request.url = OAUTH_PATHS.discovery + request.url.slice(OAUTH_PATHS.authorizationServerMetadata.length);
    }
    void callback(request, response);
  };

  const clients = createClientRegistry({
    eventStore: options.eventStore,
    clock: options.clock,
    // oidc-provider's own metadata rules, so a registered client is always one it accepts.
    checkRegistration: async (registration) => {
      try {
        await provider.Client.validate(clientMetadataOf({ status: 'registered', ...registration, secretVerifier: 'sha256$validation-only' }));
      } catch (error) {
        if (error instanceof errors.OIDCProviderError) throw new ValidationError(error.error_description ?? error.message);
        throw error;
      }
    },
  });

  return {
    provider,
    handler,
    resolveAccessToken: (token) =>
      resolvePrincipal({ eventStore: options.eventStore, grants: stores.grants, clock: options.clock, cache: stores.principals }, token),
    clients,
    sso: sso.settings,
    revokeGrant: (grantId, context) =>
      stores.grants.revoke(grantId, async (clientId) => ({
        orgId: await stores.clients.orgOf(clientId),
        actor: context.actor,
        correlationId: context.correlationId || newId(),
      })),
    close: async () => {
      provider.removeAllListeners();
    },
  };
};
