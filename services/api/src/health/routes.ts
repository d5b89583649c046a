import type { FastifyInstance } from 'fastify';
import { NotReadyError } from '../errors.ts';
import { jsonResponse, problemResponses } from '../http/schemas.ts';
import type { HealthChecks } from './health-checks.ts';

const CHECK = { type: 'string', enum: ['up', 'down'] } as const;

/** GET /health/live (the process answers) and /health/ready (its dependencies answer too). */
export const registerHealthRoutes = (app: FastifyInstance, health: HealthChecks): void => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'live',
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: jsonResponse('Up.', { type: 'object', properties: { status: { type: 'string', enum: ['live'] } } }) },
      },
    },
    async () => ({ status: 'live' }),
  );

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'ready',
        tags: ['health'],
        summary: 'Readiness: the event store, read-model database and bus answer',
        description: 'On 503 the problem lists each check (`checks`: up or down).',
        response: {
          200: jsonResponse('Ready.', {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['ready'] },
              checks: { type: 'object', properties: { eventStore: CHECK, readModels: CHECK, bus: CHECK } },
            },
          }),
          ...problemResponses(503),
        },
      },
    },
    async () => {
      const report = await health.readiness();
      if (!report.ready) throw new NotReadyError(report.checks);
      return { status: 'ready', checks: report.checks };
    },
  );
};
