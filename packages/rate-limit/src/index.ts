export type { RateLimitPolicy } from './policy.ts';
export type { RateLimitDecision, RateLimiter } from './limiter.ts';
export { createRateLimiter } from './factory.ts';
export type { RateLimiterOptions } from './factory.ts';
export { SqlRateLimiter } from './sql-rate-limiter.ts';
export type { SqlRateLimiterOptions } from './sql-rate-limiter.ts';
export { DEFAULT_FLUSH_INTERVAL_MS, InProcessRateLimiter } from './in-process-rate-limiter.ts';
export type { InProcessRateLimiterOptions } from './in-process-rate-limiter.ts';
export { ORG_API_RATE_LIMIT_TABLE, RATE_LIMIT_MIGRATIONS, migrateRateLimitTables } from './table.ts';
export { DEFAULT_SETTINGS_CACHE_SECONDS, OrgRateLimitSettings } from './settings.ts';
export type { OrgRateLimitSettingsOptions, RateLimitSettings } from './settings.ts';
export {
  RATE_LIMIT_HEADER_NAME,
  RATE_LIMIT_POLICY_HEADER_NAME,
  RATE_LIMIT_POLICY_NAME,
  partitionKey,
  rateLimitHeader,
  rateLimitHeaders,
  rateLimitPolicyHeader,
} from './headers.ts';
export { RateLimitExceededError } from './errors.ts';
export { LeasedRateLimiter } from './leased-rate-limiter.ts';
export type { LeasedRateLimiterOptions } from './leased-rate-limiter.ts';
