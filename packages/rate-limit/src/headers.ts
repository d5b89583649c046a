import type { RateLimitDecision } from './limiter.ts';
import type { RateLimitPolicy } from './policy.ts';

/** The one policy name: every /v1 request counts against its org. */
export const RATE_LIMIT_POLICY_NAME = 'org';

export const RATE_LIMIT_POLICY_HEADER_NAME = 'ratelimit-policy';
export const RATE_LIMIT_HEADER_NAME = 'ratelimit';

const partitionKeys = new Map<number, string>();
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * The partition key as the draft wants it, a structured-field byte sequence: `:<base64>:` of the
 * org id's decimal digits (org 42 → `:NDI=:`). Remembered per org: every /v1 response needs it twice.
 */
export const partitionKey = (orgId: number): string => {
  let key = partitionKeys.get(orgId);
  if (key === undefined) {
    key = `:${Buffer.from(String(orgId), 'utf8').toString('base64')}:`;
    if (partitionKeys.size >= MAX_REMEMBERED_KEYS) partitionKeys.clear();
    partitionKeys.set(orgId, key);
  }
  return key;
};

/** `RateLimit-Policy: "org";q=600;w=60;pk=:NDI=:` (draft-ietf-httpapi-ratelimit-headers). */
export const rateLimitPolicyHeader = (orgId: number, policy: RateLimitPolicy): string =>
  `"${RATE_LIMIT_POLICY_NAME}";q=${policy.limit};w=${policy.windowSeconds};pk=${partitionKey(orgId)}`;

/** `RateLimit: "org";r=12;t=30;pk=:NDI=:` — remaining quota and seconds until it resets. */
export const rateLimitHeader = (orgId: number, decision: Pick<RateLimitDecision, 'remaining' | 'resetSeconds'>): string =>
  `"${RATE_LIMIT_POLICY_NAME}";r=${decision.remaining};t=${decision.resetSeconds};pk=${partitionKey(orgId)}`;

/** Both headers, by lower-case name, for `reply.headers(…)`. */
export const rateLimitHeaders = (orgId: number, policy: RateLimitPolicy, decision: RateLimitDecision): Record<string, string> => ({
  [RATE_LIMIT_POLICY_HEADER_NAME]: rateLimitPolicyHeader(orgId, policy),
  [RATE_LIMIT_HEADER_NAME]: rateLimitHeader(orgId, decision),
});
