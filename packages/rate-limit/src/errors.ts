import { SapienError } from '@sapien/kernel';

/** The org has used its quota for the current window: 429 with Retry-After. */
export class RateLimitExceededError extends SapienError {
  override readonly name = 'RateLimitExceededError';

  constructor(orgId: number, retryAfterSeconds: number) {
    super('rate-limit-exceeded', `org ${orgId} has used its API quota for this window; retry after ${retryAfterSeconds} s`, 429, {
      retryAfterSeconds,
    });
  }
}
