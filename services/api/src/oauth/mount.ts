import { OAUTH_ROUTES, type OAuthServer } from '@sapien/oauth';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { CORRELATION_HEADER_NAME } from '../http/correlation.ts';

/**
 * Hands the OAuth paths (discovery, /oauth/*, /interaction/*) to oidc-provider's node handler. It
 * happens in the route's onRequest hook, before fastify reads the body: the provider parses its own
 * form posts. Headers already set (X-Correlation-Id) are carried over, and the correlation id goes
 * to the provider so the events it appends carry it. OAuth errors keep RFC 6749's JSON shape.
 */
export const mountOAuth = (app: FastifyInstance, oauth: OAuthServer): void => {
  const delegate: onRequestHookHandler = (request, reply, done) => {
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    request.raw.headers[CORRELATION_HEADER_NAME] = request.id;
    reply.hijack();
    oauth.handler(request.raw, reply.raw);
    done();
  };
  for (const route of OAUTH_ROUTES) {
    app.route({
      method: [...route.methods],
      url: route.path,
      schema: { hide: true },
      onRequest: delegate,
      handler: async () => {
        throw new Error('the OAuth handler answers in onRequest');
      },
    });
  }
};
