import { GRANT_TYPES } from '@sapien/oauth';
import { SCOPES } from '@sapien/authorization';
import { IDEMPOTENT_WRITE_HEADERS, POSITION_HEADER, jsonResponse, problemResponses } from '../http/schemas.ts';

const ORG_PARAMS = {
  type: 'object',
  required: ['orgId'],
  properties: { orgId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const;

export const registerClientSchema = {
  operationId: 'registerClient',
  tags: ['oauth'],
  summary: 'Register an OAuth client of the org',
  description:
    'Platform admins, or org admins of this org with orgs:write. Scopes may not exceed the caller’s own; `admin` is never ' +
    'given to an org’s client. The secret is in this answer only: Sapien keeps just a hash of it. With Idempotency-Key, ' +
    'a retry does not register a second client; it answers 409 `client-exists` (a secret cannot be shown twice).',
  params: ORG_PARAMS,
  headers: IDEMPOTENT_WRITE_HEADERS,
  body: {
    type: 'object',
    required: ['name', 'grantTypes', 'scopes'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200 },
      grantTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...GRANT_TYPES] } },
      redirectUris: { type: 'array', maxItems: 10, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 2000 } },
      scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...SCOPES] } },
    },
  },
  response: {
    201: jsonResponse(
      'Registered. Store the secret now: it is not shown again.',
      {
        type: 'object',
        required: ['clientId', 'clientSecret'],
        properties: { clientId: { type: 'string' }, clientSecret: { type: 'string' } },
      },
      POSITION_HEADER,
    ),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415),
  },
};
