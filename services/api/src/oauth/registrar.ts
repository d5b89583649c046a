import { SCOPES, UnauthenticatedError, isPlatformAdmin, type Principal, type Scope } from '@sapien/authorization';
import { ValidationError } from '@sapien/kernel';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/plugin.ts';

/**
 * Who registers a client. The authorization plugin has already decided the route (orgs:write and
 * the org-admin role in that org, or a platform admin); registering needs the principal itself, so
 * without the plugin (an API built without resolvePrincipal) nobody may register.
 */
export const registrarOf = (request: FastifyRequest): Principal => {
  const principal = principalOf(request);
  if (!principal) throw new UnauthenticatedError('missing-token');
  return principal;
};

/** A client gets no scope its registrar lacks; a platform admin may hand out any (but `admin`, see validation). */
export const requireOwnScopes = (registrar: Principal, scopes: readonly string[]): void => {
  const own: readonly Scope[] = isPlatformAdmin(registrar) ? SCOPES : registrar.scopes;
  const foreign = scopes.filter((scope) => !(own as readonly string[]).includes(scope));
  if (foreign.length > 0) throw new ValidationError(`scopes: ${foreign.join(', ')} exceed the registrar's own scopes`, 'scopes');
};
