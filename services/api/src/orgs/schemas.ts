import {
  IDEMPOTENT_WRITE_HEADERS,
  MIN_POSITION_HEADERS,
  POSITION_HEADER,
  jsonResponse,
  problemResponses,
} from '../http/schemas.ts';

const ORG_ID = { type: 'integer', minimum: 1, maximum: 2_147_483_647, description: 'A positive integer.' } as const;
const NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const API_RATE_LIMIT_SCHEMA = {
  $id: 'ApiRateLimit',
  type: 'object',
  description: 'At most `limit` requests per `windowSeconds`, per org.',
  required: ['limit', 'windowSeconds'],
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 1_000_000, examples: [600] },
    windowSeconds: { type: 'integer', minimum: 1, maximum: 86_400, examples: [60] },
  },
} as const;

export const ORGANISATION_SCHEMA = {
  $id: 'Organisation',
  type: 'object',
  required: ['orgId', 'name', 'status', 'apiRateLimit', 'createdAt', 'updatedAt'],
  properties: {
    orgId: ORG_ID,
    name: { type: 'string' },
    status: { type: 'string', enum: ['active'] },
    apiRateLimit: { $ref: 'ApiRateLimit#' },
    createdAt: { type: 'string', description: 'ISO-8601 UTC with microseconds.' },
    updatedAt: { type: 'string', description: 'ISO-8601 UTC with microseconds.' },
  },
} as const;

export const ORG_SCHEMAS = [API_RATE_LIMIT_SCHEMA, ORGANISATION_SCHEMA] as const;

const ORG_PARAMS = { type: 'object', required: ['orgId'], properties: { orgId: ORG_ID } } as const;

const ORG_ID_BODY = {
  type: 'object',
  required: ['orgId'],
  properties: { orgId: ORG_ID },
} as const;

export const createOrganisationSchema = {
  operationId: 'createOrganisation',
  tags: ['organisations'],
  summary: 'Create an organisation',
  description: 'Creates an organisation. `orgId` is assigned when not given; a given one must be free. The default rate limit is 600 requests per 60 s.',
  headers: IDEMPOTENT_WRITE_HEADERS,
  body: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { name: NAME, orgId: ORG_ID, apiRateLimit: { $ref: 'ApiRateLimit#' } },
  },
  response: {
    201: jsonResponse('Created.', ORG_ID_BODY, {
      ...POSITION_HEADER,
      Location: { type: 'string', description: 'The new organisation: /v1/orgs/{orgId}.' },
    }),
    ...problemResponses(400, 409, 413, 415, 422),
  },
};

export const getOrganisationSchema = {
  operationId: 'getOrganisation',
  tags: ['organisations'],
  summary: 'Get an organisation',
  description: 'Reads `Org.Orgs`. Send Sapien-Min-Position to read your own write.',
  params: ORG_PARAMS,
  headers: MIN_POSITION_HEADERS,
  response: {
    200: jsonResponse('The organisation.', { $ref: 'Organisation#' }),
    ...problemResponses(400, 404, 503),
  },
};

export const renameOrganisationSchema = {
  operationId: 'renameOrganisation',
  tags: ['organisations'],
  summary: 'Rename an organisation',
  description: 'Renaming to the current name changes nothing (and appends no event).',
  params: ORG_PARAMS,
  headers: IDEMPOTENT_WRITE_HEADERS,
  body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: NAME } },
  response: {
    200: jsonResponse(
      'Renamed (or already so named).',
      { type: 'object', required: ['orgId', 'name'], properties: { orgId: ORG_ID, name: { type: 'string' } } },
      POSITION_HEADER,
    ),
    ...problemResponses(400, 404, 409, 413, 415, 422),
  },
};

export const changeApiRateLimitSchema = {
  operationId: 'changeOrgApiRateLimit',
  tags: ['organisations'],
  summary: "Change an organisation's API rate limit",
  params: ORG_PARAMS,
  headers: IDEMPOTENT_WRITE_HEADERS,
  body: { $ref: 'ApiRateLimit#' },
  response: {
    200: jsonResponse(
      'Changed (or already so).',
      { type: 'object', required: ['orgId', 'apiRateLimit'], properties: { orgId: ORG_ID, apiRateLimit: { $ref: 'ApiRateLimit#' } } },
      POSITION_HEADER,
    ),
    ...problemResponses(400, 404, 409, 413, 415, 422),
  },
};
