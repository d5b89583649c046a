import type { Principal } from '@sapien/authorization';
import type { Clock } from '@sapien/kernel';
import { RateLimitExceededError, rateLimitHeaders, type RateLimitSettings, type RateLimiter } from '@sapien/rate-limit';
import type { FastifyReply } from 'fastify';

export type RateLimitDependencies = Readonly<{ rateLimiter: RateLimiter; settings: RateLimitSettings; clock: Clock }>;

/**
 * Step 2: the request counts against the token's org — every one, whatever is decided next — and
 * the reply carries RateLimit-Policy and RateLimit; over the quota it ends with 429 and Retry-After.
 * Platform-admin tokens without an org are not limited: the limit is a fairness guard between
 * tenants, and operators' bulk work (a migration creating thousands of orgs) must not stall on it.
 */
export const applyRateLimit = async (principal: Principal, reply: FastifyReply, deps: RateLimitDependencies): Promise<void> => {
  const { orgId } = principal;
  if (orgId === undefined) return;
  const now = deps.clock.now();
  const policy = await deps.settings.policyFor(orgId, now);
  const decision = await deps.rateLimiter.consume(orgId, policy, now);
  reply.headers(rateLimitHeaders(orgId, policy, decision));
  if (!decision.allowed) throw new RateLimitExceededError(orgId, decision.retryAfterSeconds);
};
