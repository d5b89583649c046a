import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/** Collects every route's schema into an OpenAPI 3.1 document; shared schemas become components by their $id. */
export const registerOpenApi = async (app: FastifyInstance): Promise<void> => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sapien API',
        version: '0.1.0',
        description:
          'The platform API of Sapien. Every /v1 request needs a bearer token from /oauth/token and counts against its org\'s ' +
          'rate limit (RateLimit-Policy / RateLimit headers). Errors are RFC 9457 problem details ' +
          '(application/problem+json) with a stable `type`. Writes accept Idempotency-Key; command responses carry Sapien-Position; ' +
          'queries accept Sapien-Min-Position.',
      },
      servers: [{ url: 'http://127.0.0.1:8080', description: 'Local' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An opaque access token from POST /oauth/token.' },
        },
      },
      tags: [
        { name: 'organisations', description: 'Organisations and their API rate limits' },
        { name: 'users', description: 'Users of an org, passwords and MFA' },
        { name: 'sessions', description: 'API sessions: one per sign-in' },
        { name: 'oauth', description: "OAuth clients of an org and single sign-on through the org's OpenID Connect provider" },
        { name: 'health', description: 'Liveness and readiness' },
        { name: 'system', description: 'Smoke test and this document' },
      ],
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `def-${index}`),
    },
  });
};
