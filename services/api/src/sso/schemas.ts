import { POSITION_HEADER, jsonResponse, problemResponses } from '../http/schemas.ts';

const ORG_PARAMS = {
  type: 'object',
  required: ['orgId'],
  properties: { orgId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const;

const SSO_CONFIGURATION = {
  type: 'object',
  required: ['orgId', 'issuer', 'clientId', 'redirectUri'],
  properties: {
    orgId: { type: 'integer' },
    issuer: { type: 'string' },
    clientId: { type: 'string' },
    redirectUri: { type: 'string', description: 'Register this redirect URI for the client at the identity provider.' },
  },
} as const;

export const configureSsoSchema = {
  operationId: 'configureSso',
  tags: ['oauth'],
  summary: "Delegate the org's sign-in to an external OpenID Connect provider",
  description:
    'Org admins of this org with orgs:write, or platform admins. Sapien signs users in at the provider with the ' +
    'authorization code flow and PKCE (client_secret_basic), scope `openid email`, and links a provider account to the ' +
    "org's user whose login is the account's verified e-mail address and who has `ssoEnabled`. The secret is stored " +
    'encrypted (AES-256-GCM under SAPIEN_SECRET_KEY) and never shown again. Replaces any earlier settings. No ' +
    'Idempotency-Key: the request holds a secret, and repeating it sets the same settings.',
  params: ORG_PARAMS,
  body: {
    type: 'object',
    required: ['issuer', 'clientId', 'clientSecret'],
    additionalProperties: false,
    properties: {
      issuer: { type: 'string', minLength: 1, maxLength: 2000, description: 'https (http only on loopback); discovery at <issuer>/.well-known/openid-configuration.' },
      clientId: { type: 'string', minLength: 1, maxLength: 255 },
      clientSecret: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
  response: {
    200: jsonResponse('The settings (without the secret).', SSO_CONFIGURATION, POSITION_HEADER),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415),
  },
};

export const getSsoSchema = {
  operationId: 'getSso',
  tags: ['oauth'],
  summary: "The org's single sign-on settings",
  description: 'Org admins of this org with orgs:read, or platform admins. 404 when the org does not use single sign-on.',
  params: ORG_PARAMS,
  response: { 200: jsonResponse('The settings (never the secret).', SSO_CONFIGURATION), ...problemResponses(401, 403, 404) },
};

export const removeSsoSchema = {
  operationId: 'removeSso',
  tags: ['oauth'],
  summary: 'Stop single sign-on for the org',
  description: "Org admins of this org with orgs:write, or platform admins. Users with `ssoEnabled` cannot sign in until it is turned off for them.",
  params: ORG_PARAMS,
  response: { 204: { description: 'Removed, or there was nothing to remove.', headers: POSITION_HEADER }, ...problemResponses(401, 403, 404) },
};
