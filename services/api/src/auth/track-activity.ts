import type { Principal } from '@sapien/authorization';
import type { Clock } from '@sapien/kernel';
import type { SessionActivity } from '@sapien/users';
import type { FastifyRequest } from 'fastify';

/**
 * Step 1b: a token of a user's sign-in was used, so its session's last activity moves — in
 * `Org.SessionActivity`, never as an event, and at most once a minute per session (the tracker
 * remembers its writes, so most requests cost nothing). Awaited, so the next read shows it, but a
 * failure is only logged: activity is a hint, not a reason to refuse a request.
 */
export const trackSessionActivity = async (request: FastifyRequest, principal: Principal, activity: SessionActivity, clock: Clock): Promise<void> => {
  const { sessionId } = principal;
  if (sessionId === undefined) return;
  try {
    await activity.touch(sessionId, clock.now());
  } catch (error) {
    request.log.warn({ err: error, sessionId }, 'session activity not recorded');
  }
};
