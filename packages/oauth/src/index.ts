export { createOAuthServer } from './server.ts';
export { createTokenResolver } from './token-resolver.ts';
export type { OAuthServer, OAuthServerOptions } from './server.ts';
export { OAUTH_PATHS, OAUTH_ROUTES } from './routes.ts';
export { API_RESOURCE } from './configuration.ts';
export { DEFAULT_TTL } from './ttl.ts';
export type { OAuthTtl } from './ttl.ts';
export { generateOAuthKeys, loadOrCreateOAuthKeys, InvalidOAuthKeysError } from './keys.ts';
export type { OAuthKeys } from './keys.ts';
export { NO_USERS } from './users.ts';
export type { AuthenticatedUser, UserAuthenticator } from './users.ts';
export type { SignInSession, SignInSessions } from './sessions.ts';
export { createClientRegistry, registerClient } from './clients/registry.ts';
export type { ClientRegistration, ClientRegistry, OAuthClient, RegisteredClient, RegistrationContext } from './clients/registry.ts';
export { createAdminClient, registerBootstrapClient, WeakBootstrapSecretError } from './clients/bootstrap.ts';
export { firstTokenHint } from './clients/hint.ts';
export type { BootstrapOutcome, ClientStoreDependencies } from './clients/bootstrap.ts';
export { GRANT_TYPES, CLIENT_EVENT_TYPES, isClientEvent } from './clients/events.ts';
export type { ClientEvent, ClientRegistered, ClientSecretRotated, GrantType } from './clients/events.ts';
export { clientDecider } from './clients/decider.ts';
export type { ClientCommand, ClientState, RegisterClient, RotateClientSecret } from './clients/decider.ts';
export { TOKEN_EVENT_TYPES, GRANT_EVENT_TYPES, isTokenEvent, isGrantEvent } from './events.ts';
export type {
  AccessTokenIssued,
  AuthorizationCodeConsumed,
  AuthorizationCodeIssued,
  GrantEvent,
  GrantRecorded,
  GrantRevoked,
  RefreshTokenConsumed,
  RefreshTokenIssued,
  TokenEvent,
  TokenRevoked,
} from './events.ts';
export { clientStreamId, grantStreamId, tokenStreamId } from './streams.ts';
export { sha256Hex } from './hashing.ts';
export { SSO_EVENT_TYPES, isSsoEvent, ssoStreamId } from './sso/events.ts';
export type { SsoConfigured, SsoEvent, SsoRemoved } from './sso/events.ts';
export { ssoDecider } from './sso/decider.ts';
export type { ConfigureSso, RemoveSso, SsoCommand, SsoState } from './sso/decider.ts';
export type { SsoConfiguration, SsoSecretBox, SsoSettings, SsoSettingsInput, SsoWriteContext } from './sso/settings.ts';
export { ssoRedirectUriOf } from './sso/server-sso.ts';
export { SsoNotAvailableError, SsoProviderError } from './sso/errors.ts';
