/** Where the OAuth server answers. The issuer is the API's base URL; these paths sit under it. */
export const OAUTH_PATHS = {
  authorization: '/oauth/auth',
  token: '/oauth/token',
  introspection: '/oauth/token/introspection',
  revocation: '/oauth/token/revocation',
  jwks: '/oauth/jwks',
  interaction: '/interaction',
  /** The redirect URI an org registers at its SSO identity provider (sso/callback-hop.ts). */
  ssoCallback: '/interaction/sso/callback',
  discovery: '/.well-known/openid-configuration',
  /** RFC 8414's name for the same document. */
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
} as const;

/** Every path and method the OAuth handler serves, for mounting it in an HTTP framework (`:uid` is a parameter). */
export const OAUTH_ROUTES: readonly Readonly<{ methods: readonly ('GET' | 'POST')[]; path: string }>[] = [
  { methods: ['GET'], path: OAUTH_PATHS.discovery },
  { methods: ['GET'], path: OAUTH_PATHS.authorizationServerMetadata },
  { methods: ['GET', 'POST'], path: OAUTH_PATHS.authorization },
  { methods: ['GET', 'POST'], path: `${OAUTH_PATHS.authorization}/:uid` },
  { methods: ['POST'], path: OAUTH_PATHS.token },
  { methods: ['POST'], path: OAUTH_PATHS.introspection },
  { methods: ['POST'], path: OAUTH_PATHS.revocation },
  { methods: ['GET'], path: OAUTH_PATHS.jwks },
  { methods: ['GET'], path: `${OAUTH_PATHS.interaction}/:uid` },
  { methods: ['POST'], path: `${OAUTH_PATHS.interaction}/:uid/login` },
  { methods: ['POST'], path: `${OAUTH_PATHS.interaction}/:uid/mfa` },
  { methods: ['POST'], path: `${OAUTH_PATHS.interaction}/:uid/abort` },
  { methods: ['POST'], path: `${OAUTH_PATHS.interaction}/:uid/sso` },
  { methods: ['GET'], path: `${OAUTH_PATHS.interaction}/:uid/sso/callback` },
  { methods: ['GET'], path: OAUTH_PATHS.ssoCallback },
];

/**
 * oidc-provider's route table. Features Sapien does not enable still need a path; they sit under
 * /oauth too so that nothing the provider owns collides with the API.
 */
export const PROVIDER_ROUTES = {
  authorization: OAUTH_PATHS.authorization,
  token: OAUTH_PATHS.token,
  introspection: OAUTH_PATHS.introspection,
  revocation: OAUTH_PATHS.revocation,
  jwks: OAUTH_PATHS.jwks,
  userinfo: '/oauth/me',
  end_session: '/oauth/session/end',
  registration: '/oauth/reg',
  pushed_authorization_request: '/oauth/request',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;
