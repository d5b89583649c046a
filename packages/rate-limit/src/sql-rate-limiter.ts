import { epochMicrosOf, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { decisionOf } from './fixed-window.ts';
import { microsOf } from './instant-micros.ts';
import type { RateLimitDecision, RateLimiter } from './limiter.ts';
import { assertPolicy, type RateLimitPolicy } from './policy.ts';
import { countInStore } from './sql-count.ts';

export type SqlRateLimiterOptions = Readonly<{ store: ReadModelStore }>;

type Waiter = Readonly<{ resolve: (decision: RateLimitDecision) => void; reject: (error: unknown) => void }>;

/** Requests of one org under one policy, waiting to be counted together. */
type Batch = { readonly orgId: number; readonly policy: RateLimitPolicy; nowMicros: bigint; readonly waiters: Waiter[] };

/** Requests counted by one statement at most. */
const MAX_BATCH = 1_000;

/**
 * Fixed-window rate limiting in the read-model database (`Org.OrgAPIRateLimit`), exact across any
 * number of API processes sharing it. On PostgreSQL each count is ONE autocommitted statement,
 * a call of consume-function.ts, which locks the org's row. While an org's statement runs, the
 * org's next requests in this process wait and are counted together by the next one: the row is
 * locked once per batch instead of once per request, and each request is told exactly what it
 * would have been told alone. `createRateLimiter` uses it on PostgreSQL; on SQLite (tests, tools)
 * the same counting runs in writeTransaction (README.md).
 */
export class SqlRateLimiter implements RateLimiter {
  private readonly store: ReadModelStore;
  /** By org and policy: the requests waiting for the running statement to finish. */
  private readonly waiting = new Map<string, Batch>();
  private readonly running = new Set<string>();

  constructor(options: SqlRateLimiterOptions) {
    this.store = options.store;
  }

  consume(orgId: number, policy: RateLimitPolicy, now: Instant): Promise<RateLimitDecision> {
    try {
      assertPolicy(policy);
    } catch (error) {
      return Promise.reject(error);
    }
    const key = `${orgId}/${policy.limit}/${policy.windowSeconds}`;
    const nowMicros = microsOf(now);
    return new Promise((resolve, reject) => {
      let batch = this.waiting.get(key);
      if (batch === undefined) {
        batch = { orgId, policy, nowMicros, waiters: [] };
        this.waiting.set(key, batch);
      } else if (nowMicros > batch.nowMicros) batch.nowMicros = nowMicros;
      batch.waiters.push({ resolve, reject });
      if (!this.running.has(key)) this.next(key);
    });
  }

  /** Nothing is held in memory: every request was written when it was counted. */
  async close(): Promise<void> {}

  /** Counts the key's waiting requests (up to MAX_BATCH) with one statement, then the next ones. */
  private next(key: string): void {
    const batch = this.waiting.get(key);
    if (batch === undefined) return;
    const waiters = batch.waiters.splice(0, MAX_BATCH);
    if (batch.waiters.length === 0) this.waiting.delete(key);
    this.running.add(key);
    const { orgId, policy, nowMicros } = batch;
    countInStore(this.store, orgId, policy, nowMicros, waiters.length)
      .then(
        ({ windowStart, before }) => {
          const windowStartMicros = epochMicrosOf(windowStart);
          // Another process may have started the window a moment after this batch's time.
          const at = nowMicros > windowStartMicros ? nowMicros : windowStartMicros;
          waiters.forEach((waiter, i) => waiter.resolve(decisionOf({ windowStartMicros, count: before + i + 1 }, policy, at, windowStart)));
        },
        (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
      )
      .finally(() => {
        this.running.delete(key);
        this.next(key);
      });
  }
}
