/** An org's API rate limit: at most `limit` requests per `windowSeconds`. */
export type ApiRateLimit = Readonly<{ limit: number; windowSeconds: number }>;

/** What an org gets when it is created without a limit. */
export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { limit: 600, windowSeconds: 60 };

export const MAX_RATE_LIMIT = 1_000_000;
/** One day: longer windows make a limit meaningless as a burst guard. */
export const MAX_RATE_LIMIT_WINDOW_SECONDS = 86_400;
