import { ForbiddenError, SCOPES, authorizationDecision, type AccessDecisionManager, type Principal } from '@sapien/authorization';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerChallenge } from './bearer-token.ts';
import type { RouteAuthorization } from './route-authorization.ts';

const isScope = (attribute: string): boolean => (SCOPES as readonly string[]).includes(attribute);

/**
 * Step 3: the voters decide the route's attribute(s) on its subject. Another org's subject ends
 * with 404 (as if it did not exist), a missing scope or role with 403 — for a scope with the RFC 6750
 * `insufficient_scope` challenge.
 */
export const decide = (
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal,
  route: RouteAuthorization,
  manager: AccessDecisionManager,
  realm: string,
): void => {
  try {
    authorizationDecision(manager, route.attribute, route.subject?.(request), principal);
  } catch (error) {
    if (error instanceof ForbiddenError && isScope(error.attribute)) {
      reply.header('www-authenticate', bearerChallenge(realm, 'insufficient_scope', error.attribute));
    }
    throw error;
  }
};
