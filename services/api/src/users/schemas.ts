import { MAX_DISPLAY_NAME_LENGTH, MAX_LOGIN_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@sapien/users';
import { ROLES } from '@sapien/authorization';
import {
  IDEMPOTENT_WRITE_HEADERS,
  MIN_POSITION_HEADERS,
  POSITION_HEADER,
  jsonResponse,
  problemResponses,
} from '../http/schemas.ts';

const ORG_ID = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'A positive integer.' } as const;
const UUID = { type: 'string', format: 'uuid' } as const;
const INSTANT = { type: 'string', description: 'ISO-8601 UTC with microseconds.' } as const;
const NULLABLE_INSTANT = { type: ['string', 'null'], description: 'ISO-8601 UTC with microseconds, or null.' } as const;
const ROLES_SCHEMA = { type: 'array', minItems: 1, maxItems: ROLES.length, uniqueItems: true, items: { type: 'string', enum: [...ROLES] } } as const;
const PASSWORD = {
  type: 'string',
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description: 'Stored only as a scrypt hash; never returned.',
} as const;
const DISPLAY_NAME = { type: 'string', minLength: 1, maxLength: MAX_DISPLAY_NAME_LENGTH } as const;
const NO_STORE = { 'Cache-Control': { type: 'string', description: '`no-store`: the answer holds secrets shown only once.' } };

export const USER_SCHEMA = {
  $id: 'User',
  type: 'object',
  description: 'A user of an organisation, as the `Org.Users` read model holds it (never a credential).',
  required: ['userId', 'orgId', 'login', 'displayName', 'roles', 'ssoEnabled', 'mfaEnabled', 'recoveryCodesLeft', 'lockedUntil', 'lastLoginAt', 'createdAt', 'updatedAt'],
  properties: {
    userId: UUID,
    orgId: ORG_ID,
    login: { type: 'string' },
    displayName: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string' } },
    ssoEnabled: { type: 'boolean' },
    mfaEnabled: { type: 'boolean' },
    recoveryCodesLeft: { type: 'integer' },
    lockedUntil: { ...NULLABLE_INSTANT, description: 'Logins are refused until then after too many failed attempts (may be past).' },
    lastLoginAt: NULLABLE_INSTANT,
    passwordChangedAt: INSTANT,
    createdAt: INSTANT,
    updatedAt: INSTANT,
  },
} as const;

export const USER_PROFILE_SCHEMA = {
  $id: 'UserProfile',
  type: 'object',
  description: 'A user as its own stream says right after a change.',
  required: ['userId', 'orgId', 'login', 'displayName', 'roles', 'ssoEnabled', 'mfaEnabled'],
  properties: {
    userId: UUID,
    orgId: ORG_ID,
    login: { type: 'string' },
    displayName: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string' } },
    ssoEnabled: { type: 'boolean' },
    mfaEnabled: { type: 'boolean' },
  },
} as const;

export const SESSION_SCHEMA = {
  $id: 'Session',
  type: 'object',
  description:
    "An API session: one per login (its id is the login's OAuth grant id). Last activity is recorded at most once a minute; a grant revoked by OAuth ends its session too.",
  required: ['sessionId', 'orgId', 'userId', 'clientId', 'status', 'endReason', 'startedAt', 'revokedAt', 'lastActivityAt'],
  properties: {
    sessionId: UUID,
    orgId: ORG_ID,
    userId: UUID,
    clientId: { type: 'string' },
    status: { type: 'string', enum: ['active', 'revoked'] },
    endReason: { type: ['string', 'null'], enum: ['revoked', 'logged-out', null] },
    startedAt: INSTANT,
    revokedAt: NULLABLE_INSTANT,
    lastActivityAt: NULLABLE_INSTANT,
  },
} as const;

/** Registered with `addSchema`; OpenAPI lists them as components. */
export const USER_SCHEMAS = [USER_SCHEMA, USER_PROFILE_SCHEMA, SESSION_SCHEMA] as const;

const ORG_PARAMS = { type: 'object', required: ['orgId'], properties: { orgId: ORG_ID } } as const;
const USER_PARAMS = { type: 'object', required: ['orgId', 'userId'], properties: { orgId: ORG_ID, userId: UUID } } as const;
const SESSION_PARAMS = { type: 'object', required: ['orgId', 'sessionId'], properties: { orgId: ORG_ID, sessionId: UUID } } as const;
const PAGE = {
  after: { ...UUID, description: 'Cursor: the `next` of the previous page.' },
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;
const page = (item: string) => ({
  type: 'object',
  required: ['items', 'next'],
  properties: { items: { type: 'array', items: { $ref: `${item}#` } }, next: { type: ['string', 'null'], description: 'Pass as `after` for the next page; null at the end.' } },
});
const RECOVERY_CODES = { type: 'array', items: { type: 'string' }, description: 'Shown only here; each logs in once in place of a TOTP code.' } as const;

export const createUserSchema = {
  operationId: 'createUser',
  tags: ['users'],
  summary: 'Create a user',
  description: 'Logins are unique per organisation, case-insensitively. The password is hashed (scrypt) and never returned.',
  params: ORG_PARAMS,
  headers: IDEMPOTENT_WRITE_HEADERS,
  body: {
    type: 'object',
    required: ['login', 'password', 'roles'],
    additionalProperties: false,
    properties: { login: { type: 'string', minLength: 1, maxLength: MAX_LOGIN_LENGTH }, password: PASSWORD, displayName: DISPLAY_NAME, roles: ROLES_SCHEMA },
  },
  response: {
    201: jsonResponse('Created.', { type: 'object', required: ['userId'], properties: { userId: UUID } }, {
      ...POSITION_HEADER,
      Location: { type: 'string', description: 'The new user: /v1/orgs/{orgId}/users/{userId}.' },
    }),
    ...problemResponses(400, 404, 409, 413, 415, 422),
  },
};

export const listUsersSchema = {
  operationId: 'listUsers',
  tags: ['users'],
  summary: "List an organisation's users",
  description: 'In creation order, a page at a time. Send Sapien-Min-Position to read your own write.',
  params: ORG_PARAMS,
  querystring: { type: 'object', additionalProperties: false, properties: PAGE },
  headers: MIN_POSITION_HEADERS,
  response: { 200: jsonResponse('A page of users.', page('User')), ...problemResponses(400, 503) },
};

export const getUserSchema = {
  operationId: 'getUser',
  tags: ['users'],
  summary: 'Get a user',
  params: USER_PARAMS,
  headers: MIN_POSITION_HEADERS,
  response: { 200: jsonResponse('The user.', { $ref: 'User#' }), ...problemResponses(400, 404, 503) },
};

export const updateUserSchema = {
  operationId: 'updateUser',
  tags: ['users'],
  summary: 'Change a user',
  description: 'Any of display name (null clears it), roles, password and SSO; all change in one event-store append, or none.',
  params: USER_PARAMS,
  headers: IDEMPOTENT_WRITE_HEADERS,
  body: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { displayName: { type: ['string', 'null'], minLength: 1, maxLength: MAX_DISPLAY_NAME_LENGTH }, roles: ROLES_SCHEMA, password: PASSWORD, ssoEnabled: { type: 'boolean' } },
  },
  response: { 200: jsonResponse('Changed (or already so).', { $ref: 'UserProfile#' }, POSITION_HEADER), ...problemResponses(400, 404, 409, 413, 415, 422) },
};

export const enrolTotpSchema = {
  operationId: 'enrolTotp',
  tags: ['users'],
  summary: 'Start a TOTP enrolment',
  description:
    'Answers the secret and its otpauth URI once (for an authenticator app); MFA is on only after `…/mfa/totp/verify`. ' +
    'A new enrolment replaces an unconfirmed one. Not replayed by Idempotency-Key: secrets are never stored in clear.',
  params: USER_PARAMS,
  response: {
    200: jsonResponse(
      'Enrolment started.',
      { type: 'object', required: ['otpauthUri', 'secret'], properties: { otpauthUri: { type: 'string' }, secret: { type: 'string', description: 'Base32, for manual entry.' } } },
      { ...POSITION_HEADER, ...NO_STORE },
    ),
    ...problemResponses(400, 404),
  },
};

export const verifyTotpSchema = {
  operationId: 'verifyTotp',
  tags: ['users'],
  summary: 'Confirm a TOTP enrolment',
  description: 'The first valid code turns MFA on and answers ten recovery codes, once. Not replayed by Idempotency-Key.',
  params: USER_PARAMS,
  body: { type: 'object', required: ['code'], additionalProperties: false, properties: { code: { type: 'string', minLength: 6, maxLength: 16 } } },
  response: {
    200: jsonResponse(
      'MFA is on.',
      { type: 'object', required: ['mfaEnabled', 'recoveryCodes'], properties: { mfaEnabled: { type: 'boolean' }, recoveryCodes: RECOVERY_CODES } },
      { ...POSITION_HEADER, ...NO_STORE },
    ),
    ...problemResponses(400, 404, 409, 413, 415),
  },
};

export const regenerateRecoveryCodesSchema = {
  operationId: 'regenerateRecoveryCodes',
  tags: ['users'],
  summary: 'Replace the recovery codes',
  description: 'Answers ten new recovery codes, once; the previous ones stop working. Needs MFA on.',
  params: USER_PARAMS,
  response: {
    200: jsonResponse('New recovery codes.', { type: 'object', required: ['recoveryCodes'], properties: { recoveryCodes: RECOVERY_CODES } }, { ...POSITION_HEADER, ...NO_STORE }),
    ...problemResponses(400, 404, 409),
  },
};

export const listSessionsSchema = {
  operationId: 'listSessions',
  tags: ['sessions'],
  summary: "List an organisation's API sessions",
  description: 'Newest last, a page at a time, optionally of one user or one status.',
  params: ORG_PARAMS,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { ...PAGE, userId: UUID, status: { type: 'string', enum: ['active', 'revoked'] } },
  },
  headers: MIN_POSITION_HEADERS,
  response: { 200: jsonResponse('A page of sessions.', page('Session')), ...problemResponses(400, 503) },
};

export const revokeSessionSchema = {
  operationId: 'revokeSession',
  tags: ['sessions'],
  summary: 'Revoke an API session',
  description:
    "Ends the login: its OAuth grant is revoked, so every access and refresh token of it stops working at once, on every instance. " +
    'Revoking a revoked session changes nothing and answers 204 again.',
  params: SESSION_PARAMS,
  headers: IDEMPOTENT_WRITE_HEADERS,
  response: { 204: { description: 'Revoked.', headers: POSITION_HEADER }, ...problemResponses(400, 404, 409, 422) },
};
