/** Shared JSON schemas, registered with `addSchema` and listed as OpenAPI components. */
export const PROBLEM_SCHEMA = {
  $id: 'Problem',
  type: 'object',
  description: 'An RFC 9457 problem detail. `type` is stable: `urn:sapien:problem:<code>`.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', examples: ['urn:sapien:problem:validation-failed'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string', description: 'Also in the X-Correlation-Id header; quote it when reporting a problem.' },
    field: { type: 'string', description: 'The first invalid field (validation problems).' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;

export const SHARED_SCHEMAS = [PROBLEM_SCHEMA] as const;

const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is malformed or a field is invalid (see `field` and `errors`).',
  401: 'No bearer token, or not a live one (see WWW-Authenticate).',
  403: 'The token lacks the scope or role this route needs.',
  404: 'Not found.',
  409: 'The request conflicts with the current state, or its Idempotency-Key is still in use.',
  413: 'The request body is too large.',
  415: 'The request body is not application/json.',
  422: 'The Idempotency-Key was already used for a different request.',
  429: "Over the org's rate limit; retry after the Retry-After seconds.",
  500: 'An unexpected error; quote the correlation id.',
  503: 'Not available yet; retry after the Retry-After seconds.',
};

/** Problem responses of a route, for its schema (and so its OpenAPI operation). */
export const problemResponses = (...statuses: number[]): Record<number, unknown> =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: STATUS_DESCRIPTIONS[status] ?? 'A problem.',
        content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
      },
    ]),
  );

/** A JSON response with a description and optional documented headers. */
export const jsonResponse = (description: string, schema: unknown, headers: Record<string, unknown> = {}): unknown => ({
  description,
  ...(Object.keys(headers).length > 0 ? { headers } : {}),
  content: { 'application/json': { schema } },
});

export const POSITION_HEADER = {
  'Sapien-Position': {
    type: 'integer',
    description: 'The event-store position of the change; send it as Sapien-Min-Position to read your write.',
  },
};

export const CORRELATION_HEADER = {
  'X-Correlation-Id': { type: 'string', description: 'The request correlation id (echoed when sent, otherwise assigned).' },
};

export const IDEMPOTENT_WRITE_HEADERS = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'A client-chosen key: a retry with the same key and body gets the first answer again.',
    },
  },
} as const;

export const MIN_POSITION_HEADERS = {
  type: 'object',
  properties: {
    'sapien-min-position': {
      type: 'integer',
      minimum: 0,
      description: 'Wait (bounded) until the read model has reached this event-store position; 503 with Retry-After if it does not.',
    },
  },
} as const;
