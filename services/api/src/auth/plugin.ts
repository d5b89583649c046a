import type { AccessDecisionManager, Principal } from '@sapien/authorization';
import { SystemClock, type Clock } from '@sapien/kernel';
import type { RateLimitSettings, RateLimiter } from '@sapien/rate-limit';
import type { SessionActivity } from '@sapien/users';
import type { FastifyInstance, FastifyRequest, FastifySchema, onRequestHookHandler } from 'fastify';
import { applyRateLimit } from './apply-rate-limit.ts';
import { problemResponses } from '../http/schemas.ts';
import { authenticate, type ResolvePrincipal } from './authenticate.ts';
import { decide } from './decide.ts';
import { requireRouteAuthorization, type RouteAuthorization } from './route-authorization.ts';
import { trackSessionActivity } from './track-activity.ts';

export type AuthorizationOptions = Readonly<{
  /** The OAuth server's answer for a bearer token: its principal, or undefined when it will not do. */
  resolvePrincipal: ResolvePrincipal;
  decisionManager: AccessDecisionManager;
  /** Closed with the app (onClose), which writes any count it holds in memory. */
  rateLimiter: RateLimiter;
  settings: RateLimitSettings;
  /** The time the rate limiter counts in. Default the system clock. */
  clock?: Clock;
  /** Where the last use of a user's session (the principal's sessionId) is kept. Absent: not tracked. */
  sessionActivity?: SessionActivity;
  /** The realm of the WWW-Authenticate challenge. Default `sapien`. */
  realm?: string;
  /** The routes that need a decision. Default `/v1`. */
  prefix?: string;
}>;

const principals = new WeakMap<FastifyRequest, Principal>();

/** The principal the guard admitted, for handlers (actor, audit, idempotency scope). */
export const principalOf = (request: FastifyRequest): Principal | undefined => principals.get(request);

const hooksOf = (hooks: onRequestHookHandler | onRequestHookHandler[] | undefined): onRequestHookHandler[] =>
  hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];

/** The OpenAPI side of the guard: every /v1 operation needs a bearer token and may answer 401, 403 or 429. */
const documentAuthorization = (schema: FastifySchema | undefined): void => {
  if (schema === undefined) return;
  // In place: @fastify/swagger keeps the route's schema object and reads it when it writes the document.
  Object.assign(schema, {
    security: [{ bearer: [] }],
    response: { ...problemResponses(401, 403, 429), ...(schema.response as Record<number, unknown> | undefined) },
  });
};

const isUnder = (url: string, prefix: string): boolean => url === prefix || url.startsWith(`${prefix}/`);

/**
 * Guards every route under /v1: authenticate (401) → note the session's activity → count against the org (RateLimit headers,
 * 429) → the voters decide (404/403). It runs as the route's first onRequest hook, before the body
 * is read or any other route hook (Idempotency-Key claims) runs. Call it before any /v1 route is
 * registered: a route registered later without `config.authorization` makes registration throw.
 */
export const registerAuthorization = (app: FastifyInstance, options: AuthorizationOptions): void => {
  const realm = options.realm ?? 'sapien';
  const prefix = options.prefix ?? '/v1';
  const rateLimit = { rateLimiter: options.rateLimiter, settings: options.settings, clock: options.clock ?? new SystemClock() };
  const { sessionActivity } = options;

  const guard =
    (route: RouteAuthorization): onRequestHookHandler =>
    async (request, reply) => {
      const principal = await authenticate(request, reply, options.resolvePrincipal, realm);
      principals.set(request, principal);
      if (sessionActivity && principal.sessionId !== undefined) await trackSessionActivity(request, principal, sessionActivity, rateLimit.clock);
      await applyRateLimit(principal, reply, rateLimit);
      decide(request, reply, principal, route, options.decisionManager, realm);
    };

  app.addHook('onClose', async () => options.rateLimiter.close());

  app.addHook('onRoute', (route) => {
    if (!isUnder(route.url, prefix)) return;
    const authorization = requireRouteAuthorization(String(route.method), route.url, route.config?.authorization);
    route.onRequest = [guard(authorization), ...hooksOf(route.onRequest as onRequestHookHandler | onRequestHookHandler[] | undefined)];
    documentAuthorization(route.schema);
  });
};
