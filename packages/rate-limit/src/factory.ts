import type { ReadModelStore } from '@sapien/read-model-sql';
import { InProcessRateLimiter, type InProcessRateLimiterOptions } from './in-process-rate-limiter.ts';
import type { RateLimiter } from './limiter.ts';
import { LeasedRateLimiter } from './leased-rate-limiter.ts';

/** For the SQLite limiter; PostgreSQL's needs none. */
export type RateLimiterOptions = Pick<InProcessRateLimiterOptions, 'flushIntervalMs' | 'onFlushError'>;

/**
 * The API's rate limiter for its read-model database, chosen here and only here:
 * - PostgreSQL: `LeasedRateLimiter`, never more than the limit across any number of API processes
 *   sharing the database; a busy org's requests are counted ahead in leases, the rest one atomic
 *   statement per request (or per batch of an org's requests that arrived together);
 * - SQLite (the embedded default, one API process): `InProcessRateLimiter`, counted in memory and
 *   written behind to the same table — a SQLite write per request (BEGIN IMMEDIATE over every
 *   attached file, a synchronous commit of a rollback journal) would cost more than the request.
 */
export const createRateLimiter = (store: ReadModelStore, options: RateLimiterOptions = {}): RateLimiter =>
  store.dialect === 'postgres'
    ? new LeasedRateLimiter({ store })
    : new InProcessRateLimiter({ store, ...options });
