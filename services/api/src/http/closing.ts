import type { FastifyInstance } from 'fastify';
import { ShuttingDownError } from '../errors.ts';

/**
 * Once `close()` is called, requests that arrive (on kept-alive connections) get a 503 problem
 * with Retry-After and `Connection: close`; requests already in flight finish. Replaces fastify's
 * plain-JSON `return503OnClosing`.
 */
export const refuseRequestsWhileClosing = (app: FastifyInstance): void => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new ShuttingDownError();
  });
};
