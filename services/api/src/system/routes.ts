import type { FastifyInstance } from 'fastify';
import { jsonResponse } from '../http/schemas.ts';

/** GET /hello (the smoke endpoint) and GET /openapi.json (generated from the route schemas). */
export const registerSystemRoutes = (app: FastifyInstance): void => {
  app.get(
    '/hello',
    {
      schema: {
        operationId: 'hello',
        tags: ['system'],
        summary: 'Smoke test',
        response: { 200: jsonResponse('A greeting.', { type: 'object', properties: { message: { type: 'string' } } }) },
      },
    },
    async () => ({ message: 'Hello from Sapien' }),
  );

  app.get(
    '/openapi.json',
    {
      schema: {
        operationId: 'openapi',
        tags: ['system'],
        summary: 'This API as an OpenAPI 3.1 document',
        response: { 200: jsonResponse('The OpenAPI document.', { type: 'object', additionalProperties: true }) },
      },
    },
    async () => app.swagger(),
  );
};
