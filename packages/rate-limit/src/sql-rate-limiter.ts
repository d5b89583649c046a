import { epochMicrosOf, instantFromEpochMicros, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime, toDbPkDateTime, writeTransaction } from '@sapien/read-model-sql';
import { consumeStatement } from './consume-statement.ts';
import type { RateLimitDecision, RateLimiter } from './limiter.ts';
import { assertPolicy, type RateLimitPolicy } from './policy.ts';
import { ORG_API_RATE_LIMIT_TABLE } from './table.ts';

export type SqlRateLimiterOptions = Readonly<{
  store: ReadModelStore;
  /** Default `Org.OrgAPIRateLimit`. */
  table?: string;
}>;

type Row = Readonly<{ windowStart: unknown; requestCount: unknown }>;

const MICROS_PER_SECOND = 1_000_000n;

const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? (result as Row[]) : ((result as { rows: Row[] }).rows ?? []);

/** Whole seconds, rounded up, from `now` to `end`; never negative. */
const secondsUntil = (end: bigint, now: bigint): number => {
  const micros = end - now;
  if (micros <= 0n) return 0;
  return Number((micros + MICROS_PER_SECOND - 1n) / MICROS_PER_SECOND);
};

/**
 * Fixed-window rate limiting in the read-model database (`Org.OrgAPIRateLimit`), correct across
 * any number of API processes sharing it: each request is one atomic upsert (consume-statement.ts).
 */
export class SqlRateLimiter implements RateLimiter {
  private readonly store: ReadModelStore;
  private readonly statement: string;

  constructor(options: SqlRateLimiterOptions) {
    this.store = options.store;
    this.statement = consumeStatement(options.table ?? ORG_API_RATE_LIMIT_TABLE);
  }

  async consume(orgId: number, policy: RateLimitPolicy, now: Instant): Promise<RateLimitDecision> {
    assertPolicy(policy);
    const { db, dialect } = this.store;
    const nowMicros = epochMicrosOf(now);
    const windowMicros = BigInt(policy.windowSeconds) * MICROS_PER_SECOND;
    const stamp = toDbPkDateTime(now, dialect);
    const expiredBefore = toDbPkDateTime(instantFromEpochMicros(nowMicros - windowMicros), dialect);
    const bindings = [orgId, stamp, stamp, expiredBefore, expiredBefore, policy.limit];
    // SQLite: inside writeTransaction, which waits for another process's write lock asynchronously
    // (better-sqlite3's own busy wait would stall this process's event loop). PostgreSQL: one statement.
    const result =
      dialect === 'sqlite'
        ? await writeTransaction(this.store, (trx) => trx.raw(this.statement, bindings))
        : await db.raw(this.statement, bindings);
    const rows = rowsOf(result);
    const row = rows[0];
    if (row === undefined) throw new Error(`the rate-limit upsert for org ${orgId} returned no row`);
    const windowStart = fromDbPkDateTime(row.windowStart, dialect);
    const count = Number(row.requestCount);
    const allowed = count <= policy.limit;
    const resetSeconds = secondsUntil(epochMicrosOf(windowStart) + windowMicros, nowMicros);
    return {
      allowed,
      limit: policy.limit,
      remaining: Math.max(0, policy.limit - count),
      resetSeconds,
      retryAfterSeconds: allowed ? 0 : Math.max(1, resetSeconds),
      windowStart,
    };
  }
}
