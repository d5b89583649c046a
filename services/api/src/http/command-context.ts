import type { Actor, Clock } from '@sapien/kernel';
import type { FastifyRequest } from 'fastify';
import type { CommandContext } from '../commands/command-context.ts';

/** Until OAuth, every caller is a process on this machine (the API listens on loopback only). */
export const LOOPBACK_ACTOR: Actor = { kind: 'system', id: 'loopback' };

export const commandContextOf = (request: FastifyRequest, clock: Clock): CommandContext => ({
  correlationId: request.id,
  actor: LOOPBACK_ACTOR,
  now: clock.now(),
});

export const POSITION_HEADER_NAME = 'sapien-position';
