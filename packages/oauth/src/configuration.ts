import { SCOPES, type Scope } from '@sapien/authorization';
import type { Account, Client, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { ClientDirectory } from './adapter/client-directory.ts';
import { API_SCOPES_METADATA, ORG_ID_METADATA } from './clients/metadata.ts';
import { errorPage, PAGE_HEADERS } from './interaction/html.ts';
import type { OAuthKeys } from './keys.ts';
import { PROVIDER_ROUTES } from './routes.ts';
import type { OAuthTtl } from './ttl.ts';
import type { AuthenticatedUser, UserAuthenticator } from './users.ts';

/** The one resource server: Sapien's API. Every access token is for it (its `aud`). */
export const API_RESOURCE = 'urn:sapien:api';

/** Sapien's own client metadata (extraClientMetadata), which the Client type does not declare. */
const extraOf = (client: Client | undefined, property: string): unknown =>
  client ? (client as unknown as Readonly<Record<string, unknown>>)[property] : undefined;

/** A client's org from its metadata; undefined for a platform client. */
export const orgIdOfClient = (client: Client | undefined): number | undefined => {
  const value = extraOf(client, ORG_ID_METADATA);
  return typeof value === 'number' ? value : undefined;
};

/** The Sapien scopes a client was registered with. */
export const apiScopesOfClient = (client: Client): Scope[] => {
  const value = extraOf(client, API_SCOPES_METADATA);
  return (typeof value === 'string' ? value.split(' ') : []).filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope));
};

/** What the login interaction leaves on the account: the user's org and roles, put on their tokens. */
type SapienAccount = Account & Readonly<{ user: AuthenticatedUser }>;

const accountOf = (user: AuthenticatedUser): SapienAccount => ({
  accountId: user.userId,
  user,
  claims: () => ({ sub: user.userId }),
});

const isSapienAccount = (account: Account | undefined): account is SapienAccount =>
  account !== undefined && typeof account.user === 'object' && account.user !== null;

export type ConfigurationDependencies = Readonly<{
  /** Undefined: oidc-provider's own in-memory adapter (a benchmark baseline only). */
  adapter: Configuration['adapter'];
  keys: OAuthKeys;
  users: UserAuthenticator;
  clients: ClientDirectory;
  ttl: OAuthTtl;
}>;

/**
 * oidc-provider's configuration for Sapien: client_credentials, authorization code with PKCE
 * (S256 only, always required), refresh tokens rotated on every use, introspection, revocation;
 * opaque access tokens for the API resource; no implicit flow, no dynamic registration, no
 * public clients, no userinfo, no logout endpoint, no PAR, no DPoP (not needed yet).
 */
export const providerConfiguration = (deps: ConfigurationDependencies): Configuration => {
  const { ttl, users, clients } = deps;
  return {
    adapter: deps.adapter,
    jwks: { keys: [...deps.keys.jwks.keys] },
    cookies: { keys: [...deps.keys.cookieKeys] },
    clients: [],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    clientDefaults: { grant_types: ['client_credentials'], response_types: [], token_endpoint_auth_method: 'client_secret_basic' },
    extraClientMetadata: { properties: [ORG_ID_METADATA, API_SCOPES_METADATA], validator: () => undefined },
    clientBasedCORS: () => false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access'],
    routes: PROVIDER_ROUTES,
    rotateRefreshToken: true,
    // Every client allowed the refresh_token grant gets one, offline_access or not.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Sessions live in one instance's memory; tokens must not depend on them.
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: ttl.accessToken,
      ClientCredentials: ttl.accessToken,
      AuthorizationCode: ttl.authorizationCode,
      RefreshToken: ttl.refreshToken,
      IdToken: ttl.idToken,
      Grant: ttl.grant,
      Session: ttl.session,
      Interaction: ttl.interaction,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // A platform client may introspect any token; an org's client only tokens of its own org.
        allowedPolicy: async (ctx, client, token) => {
          const callerOrg = orgIdOfClient(client);
          if (callerOrg === undefined || token.clientId === client.clientId) return true;
          return (await clients.orgOf(token.clientId)) === callerOrg;
        },
      },
      revocation: {
        enabled: true,
        // RFC 7009: a client revokes only its own tokens.
        allowedPolicy: async (_ctx, client, token) => {
          if (token.clientId !== client.clientId) throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          return true;
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== API_RESOURCE) throw new errors.InvalidTarget();
          return { scope: apiScopesOfClient(client).join(' '), audience: API_RESOURCE, accessTokenFormat: 'opaque', accessTokenTTL: ttl.accessToken };
        },
      },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
    },
    findAccount: async (_ctx, sub) => {
      const user = await users.findUser(sub);
      return user ? accountOf(user) : undefined;
    },
    // Stored with opaque tokens under `extra` and shown by introspection: the org (and a user's roles).
    extraTokenClaims: async (ctx: KoaContextWithOIDC, token) => {
      if (token.kind === 'AccessToken' && token.accountId) {
        const account = ctx.oidc.entities.Account;
        const user = isSapienAccount(account) ? account.user : await users.findUser(token.accountId);
        return user ? { org_id: user.orgId, roles: [...user.roles] } : undefined;
      }
      const orgId = orgIdOfClient(ctx.oidc.client);
      return orgId === undefined ? undefined : { org_id: orgId };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: (ctx, out) => {
      ctx.set(PAGE_HEADERS);
      ctx.type = 'html';
      ctx.body = errorPage(String(out.error_description ?? out.error));
    },
  };
};
