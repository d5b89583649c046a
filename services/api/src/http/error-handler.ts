import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '@sapien/kernel';
import { isUnexpected, toProblem } from './problem.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const sendProblem = (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  const response = toProblem(error);
  if (isUnexpected(response)) request.log.error({ err: error, correlationId: request.id }, 'unexpected error');
  return reply
    .code(response.status)
    .headers(response.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...response.problem, instance: request.url, correlationId: request.id });
};

/** Every error and every unknown route leaves as application/problem+json. */
export const registerProblemHandlers = (app: FastifyInstance): void => {
  app.setErrorHandler((error: FastifyError, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(new NotFoundError('route', `${request.method} ${request.url.split('?')[0] ?? ''}`), request, reply),
  );
};
