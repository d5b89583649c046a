import { UnauthenticatedError, type Principal } from '@sapien/authorization';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerChallenge, bearerTokenOf } from './bearer-token.ts';

export type ResolvePrincipal = (token: string) => Promise<Principal | undefined>;

/** Step 1: the bearer token becomes a principal, or the request ends with 401 and a challenge. */
export const authenticate = async (
  request: FastifyRequest,
  reply: FastifyReply,
  resolvePrincipal: ResolvePrincipal,
  realm: string,
): Promise<Principal> => {
  const bearer = bearerTokenOf(request.headers.authorization);
  if (bearer.kind === 'none') {
    reply.header('www-authenticate', bearerChallenge(realm));
    throw new UnauthenticatedError('missing-token');
  }
  const principal = bearer.kind === 'token' ? await resolvePrincipal(bearer.token) : undefined;
  if (principal === undefined) {
    reply.header('www-authenticate', bearerChallenge(realm, 'invalid_token'));
    throw new UnauthenticatedError('invalid-token');
  }
  return principal;
};
