import type { Actor, Clock } from '@sapien/kernel';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/plugin.ts';
import type { CommandContext } from '../commands/command-context.ts';

/** An API without a token resolver listens on loopback only: its callers are processes on this machine. */
export const LOOPBACK_ACTOR: Actor = { kind: 'system', id: 'loopback' };

/** Who is acting: the token's user, else its client; the loopback actor on an API without tokens. */
export const actorOf = (request: FastifyRequest): Actor => {
  const principal = principalOf(request);
  if (principal === undefined) return LOOPBACK_ACTOR;
  return principal.userId === undefined ? { kind: 'client', id: principal.clientId } : { kind: 'user', id: principal.userId };
};

export const commandContextOf = (request: FastifyRequest, clock: Clock): CommandContext => ({
  correlationId: request.id,
  actor: actorOf(request),
  now: clock.now(),
});

export const POSITION_HEADER_NAME = 'sapien-position';
