import type { FastifyRequest } from 'fastify';
import { RouteWithoutAuthorizationError } from './errors.ts';

/**
 * What a /v1 route declares in `config.authorization`: the attribute(s) the voters decide — all
 * must be granted — and, for routes about an org's resources, how to find the subject.
 */
export type RouteAuthorization = Readonly<{
  attribute: string | readonly string[];
  subject?: (request: FastifyRequest) => unknown;
}>;

declare module 'fastify' {
  interface FastifyContextConfig {
    authorization?: RouteAuthorization;
  }
}

const hasAttributes = (attribute: RouteAuthorization['attribute']): boolean =>
  typeof attribute === 'string' ? attribute.length > 0 : attribute.length > 0 && attribute.every((a) => a.length > 0);

/**
 * The route's declaration, or a throw at registration: a /v1 route without a voter decision never
 * starts (so a route added later without one fails the test suite), and neither does a route about
 * an org (`:orgId` in its path) without a subject, which would skip the membership check.
 */
export const requireRouteAuthorization = (method: string, url: string, declared: unknown): RouteAuthorization => {
  if (typeof declared !== 'object' || declared === null) {
    throw new RouteWithoutAuthorizationError(method, url, 'declares no config.authorization');
  }
  const authorization = declared as RouteAuthorization;
  if (!hasAttributes(authorization.attribute)) throw new RouteWithoutAuthorizationError(method, url, 'declares no attribute');
  if (url.includes(':orgId') && typeof authorization.subject !== 'function') {
    throw new RouteWithoutAuthorizationError(method, url, 'names an org but declares no subject');
  }
  return authorization;
};
