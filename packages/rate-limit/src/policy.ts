/** At most `limit` requests per `windowSeconds` (an org's ApiRateLimit setting). */
export type RateLimitPolicy = Readonly<{ limit: number; windowSeconds: number }>;

const isPositiveInteger = (value: number): boolean => Number.isSafeInteger(value) && value > 0;

/** Guards the SQL: a zero or fractional window would make every request expire its own window. */
export const assertPolicy = (policy: RateLimitPolicy): void => {
  if (!isPositiveInteger(policy.limit) || !isPositiveInteger(policy.windowSeconds)) {
    throw new TypeError(`not a rate-limit policy (positive integers expected): ${JSON.stringify(policy)}`);
  }
};
