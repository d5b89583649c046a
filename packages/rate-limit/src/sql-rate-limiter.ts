import { epochMicrosOf, instantFromEpochMicros, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime, toDbPkDateTime, writeTransaction } from '@sapien/read-model-sql';
import { callConsumeFunction } from './consume-function.ts';
import { countRequests, decisionOf, windowMicrosOf, type WindowCount } from './fixed-window.ts';
import { microsOf } from './instant-micros.ts';
import type { RateLimitDecision, RateLimiter } from './limiter.ts';
import { assertPolicy, type RateLimitPolicy } from './policy.ts';
import { ORG_API_RATE_LIMIT_TABLE } from './table.ts';

export type SqlRateLimiterOptions = Readonly<{ store: ReadModelStore }>;

type Waiter = Readonly<{ resolve: (decision: RateLimitDecision) => void; reject: (error: unknown) => void }>;

/** Requests of one org under one policy, waiting to be counted together. */
type Batch = { readonly orgId: number; readonly policy: RateLimitPolicy; nowMicros: bigint; readonly waiters: Waiter[] };

/** Where a batch's window stands after it: its start, and the count its first request started from. */
type BatchStart = Readonly<{ windowStart: Instant; before: number }>;

type CallRow = Readonly<{ windowStart: unknown; countBefore: unknown }>;
type StoredRow = Readonly<{ WindowStart: unknown; RequestCount: unknown }>;

/** Requests counted by one statement at most. */
const MAX_BATCH = 1_000;

const rowsOf = <R>(result: unknown): R[] => (Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []));

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
    this.count(orgId, policy, nowMicros, waiters.length)
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

  private async count(orgId: number, policy: RateLimitPolicy, nowMicros: bigint, n: number): Promise<BatchStart> {
    const { db, dialect } = this.store;
    if (dialect === 'sqlite') return this.countInTransaction(orgId, policy, nowMicros, n);
    const now = toDbPkDateTime(instantFromEpochMicros(nowMicros), dialect);
    const expiredBefore = toDbPkDateTime(instantFromEpochMicros(nowMicros - windowMicrosOf(policy)), dialect);
    const row = rowsOf<CallRow>(await db.raw(callConsumeFunction, [orgId, now, expiredBefore, n, policy.limit]))[0];
    if (row === undefined) throw new Error(`counting org ${orgId}'s requests returned no row`);
    return { windowStart: fromDbPkDateTime(row.windowStart, dialect), before: Number(row.countBefore) };
  }

  /**
   * SQLite: read, count and write in writeTransaction, whose BEGIN IMMEDIATE holds the write lock
   * throughout (and waits for another process's asynchronously: better-sqlite3's own busy wait
   * would stall this process's event loop).
   */
  private countInTransaction(orgId: number, policy: RateLimitPolicy, nowMicros: bigint, n: number): Promise<BatchStart> {
    const { dialect } = this.store;
    return writeTransaction(this.store, async (trx) => {
      const row: StoredRow | undefined = await trx(ORG_API_RATE_LIMIT_TABLE).select('WindowStart', 'RequestCount').where('OrgId', orgId).first();
      const current: WindowCount | undefined =
        row === undefined ? undefined : { windowStartMicros: epochMicrosOf(fromDbPkDateTime(row.WindowStart, dialect)), count: Number(row.RequestCount) };
      const { window, before } = countRequests(current, policy, nowMicros, n);
      const windowStart = instantFromEpochMicros(window.windowStartMicros);
      await trx(ORG_API_RATE_LIMIT_TABLE)
        .insert({
          OrgId: orgId,
          WindowStart: toDbPkDateTime(windowStart, dialect),
          RequestCount: window.count,
          UpdatedAt: toDbPkDateTime(instantFromEpochMicros(nowMicros), dialect),
        })
        .onConflict('OrgId')
        .merge(['WindowStart', 'RequestCount', 'UpdatedAt']);
      return { windowStart, before };
    });
  }
}
