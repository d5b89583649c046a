import { performance } from 'node:perf_hooks';
import { epochMicrosOf, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { decisionOf, windowMicrosOf } from './fixed-window.ts';
import { microsOf } from './instant-micros.ts';
import type { RateLimitDecision, RateLimiter } from './limiter.ts';
import { assertPolicy, type RateLimitPolicy } from './policy.ts';
import { countInStore, releaseInStore } from './sql-count.ts';

export type LeasedRateLimiterOptions = Readonly<{
  store: ReadModelStore;
  /** A lease covers this many milliseconds of the org's recent rate in this process. Default 50. */
  leaseMs?: number;
  /** The most requests one lease takes. Default 1,000. */
  maxLease?: number;
  /** A lease takes at most this share of what the window had left at the last count. Default 1/8. */
  leaseShare?: number;
  /** A lease unused for this long is given back to the table. Default 250 ms. */
  releaseAfterMs?: number;
  /** Monotonic milliseconds, for rates and idleness. Default `performance.now`; tests drive their own. */
  monotonicMs?: () => number;
  /** A background statement failed: giving a lease back (its requests stay counted until the window ends) or counting ahead. Default: a line on stderr. */
  onError?: (error: unknown) => void;
}>;

type Waiter = Readonly<{ nowMicros: bigint; resolve: (decision: RateLimitDecision) => void; reject: (error: unknown) => void }>;

/** One org under one policy in this process. */
type Lease = {
  readonly orgId: number;
  readonly policy: RateLimitPolicy;
  readonly windowMicros: bigint;
  /** The window the held units belong to. */
  windowStart: Instant | undefined;
  windowStartMicros: bigint;
  /** Requests counted in the table for this process and not used yet. */
  units: number;
  /** The window's count right after this process's last statement: the held units are the last `units` of it. */
  known: number;
  /** Requests waiting for a statement, in arrival order. */
  readonly waiters: Waiter[];
  /** The statement running for this lease, if any: at most one at a time. */
  running: Promise<void> | undefined;
  /** The latest request time seen, the time a lease taken ahead of requests is counted at. */
  lastNowMicros: bigint;
  /** The rate of requests (per ms) over the last measured period, and the period being measured. */
  ratePerMs: number;
  arrivals: number;
  periodStartMs: number;
  lastUsedMs: number;
  /** After a failed statement, no counting ahead before this (monotonic ms). */
  retryAfterMs: number;
};

/** Requests counted by one statement at most, waiting ones and leased ones together. */
const MAX_BATCH = 1_000;
/** Rates are measured over periods of at least this long. */
const RATE_PERIOD_MS = 100;
/** How long counting ahead pauses after a statement failed. */
const RETRY_AFTER_FAILURE_MS = 1_000;
/** A lease's state is dropped after this long without a request (and without units). */
const FORGET_AFTER_MS = 60_000;

const logToStderr = (error: unknown): void => {
  process.stderr.write(`sapien rate-limit: a background count failed: ${error instanceof Error ? error.message : String(error)}\n`);
};

/**
 * Fixed-window rate limiting in the read-model database (`Org.OrgAPIRateLimit`) that never lets more
 * than the limit through across any number of API processes, with most requests decided in memory.
 * An org's busy process counts requests in the table ahead of time — a lease of about `leaseMs` of
 * its recent rate, at most `leaseShare` of what the window had left — and decides the next ones from
 * it without a statement; it takes the next lease before this one runs out, so a steady stream of
 * requests never waits for the database. Every leased request was counted atomically
 * (sql-count.ts), so the processes together can hand out no more than the limit.
 *
 * The cost is the other way: requests leased by one process and not used cannot be used by another.
 * Leases shrink as the window fills (with fewer than 16 left, every request is counted on its own again),
 * a lease unused for `releaseAfterMs` is given back, and `close()` gives back what is held. At a low
 * rate (under 2 requests per `leaseMs`) nothing is leased and each request, or each batch of an
 * org's requests that arrived while its previous statement ran, is counted when it comes, as by
 * `SqlRateLimiter`. In one process the decisions and headers are exactly those of counting each
 * request alone; with several, a reply's `remaining` is this process's view (README.md).
 */
export class LeasedRateLimiter implements RateLimiter {
  private readonly store: ReadModelStore;
  private readonly leaseMs: number;
  private readonly maxLease: number;
  private readonly leaseShare: number;
  private readonly releaseAfterMs: number;
  private readonly monotonicMs: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly leases = new Map<string, Lease>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(options: LeasedRateLimiterOptions) {
    this.store = options.store;
    this.leaseMs = options.leaseMs ?? 50;
    this.maxLease = Math.min(options.maxLease ?? 1_000, MAX_BATCH);
    this.leaseShare = options.leaseShare ?? 1 / 8;
    this.releaseAfterMs = options.releaseAfterMs ?? 250;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.onError = options.onError ?? logToStderr;
  }

  consume(orgId: number, policy: RateLimitPolicy, now: Instant): Promise<RateLimitDecision> {
    try {
      assertPolicy(policy);
    } catch (error) {
      return Promise.reject(error);
    }
    const nowMicros = microsOf(now);
    const lease = this.leaseOf(orgId, policy);
    lease.arrivals += 1;
    if (nowMicros > lease.lastNowMicros) lease.lastNowMicros = nowMicros;
    if (lease.waiters.length === 0 && this.holds(lease, nowMicros)) {
      // One reading of the monotonic clock serves the decision and the look ahead.
      const nowMs = this.monotonicMs();
      const decision = this.admit(lease, nowMicros, nowMs);
      this.takeAhead(lease, nowMs);
      return Promise.resolve(decision);
    }
    return new Promise((resolve, reject) => {
      lease.waiters.push({ nowMicros, resolve, reject });
      if (lease.running === undefined) this.count(lease, this.leaseSize(lease));
    });
  }

  /** Units held longer than `releaseAfterMs` without a request go back to the table. The limiter's timer calls it. */
  async releaseIdle(): Promise<void> {
    const nowMs = this.monotonicMs();
    const releases: Promise<void>[] = [];
    for (const [key, lease] of this.leases) {
      const idleMs = nowMs - lease.lastUsedMs;
      if (lease.running !== undefined || lease.waiters.length > 0) continue;
      if (lease.units > 0 && idleMs >= this.releaseAfterMs) releases.push(this.release(lease));
      else if (lease.units === 0 && idleMs >= FORGET_AFTER_MS) this.leases.delete(key);
    }
    await Promise.all(releases);
  }

  /** Waits for running statements, then gives back every unit still held. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (let running = this.running(); running.length > 0; running = this.running()) await Promise.all(running);
    await Promise.all([...this.leases.values()].filter((lease) => lease.units > 0).map((lease) => this.release(lease)));
    for (let running = this.running(); running.length > 0; running = this.running()) await Promise.all(running);
  }

  private running(): Promise<void>[] {
    return [...this.leases.values()].flatMap((lease) => (lease.running === undefined ? [] : [lease.running]));
  }

  private leaseOf(orgId: number, policy: RateLimitPolicy): Lease {
    const key = `${orgId}/${policy.limit}/${policy.windowSeconds}`;
    let lease = this.leases.get(key);
    if (lease === undefined) {
      const nowMs = this.monotonicMs();
      lease = {
        orgId,
        policy,
        windowMicros: windowMicrosOf(policy),
        windowStart: undefined,
        windowStartMicros: 0n,
        units: 0,
        known: 0,
        waiters: [],
        running: undefined,
        lastNowMicros: 0n,
        ratePerMs: 0,
        arrivals: 0,
        periodStartMs: nowMs,
        lastUsedMs: nowMs,
        retryAfterMs: 0,
      };
      this.leases.set(key, lease);
      if (this.timer === undefined && !this.closed) {
        this.timer = setInterval(() => void this.releaseIdle(), Math.max(1, this.releaseAfterMs / 2));
        this.timer.unref();
      }
    }
    return lease;
  }

  /** Whether a held unit can decide a request at `nowMicros`; units of a window that has ended are dropped. */
  private holds(lease: Lease, nowMicros: bigint): boolean {
    if (lease.units === 0) return false;
    if (nowMicros >= lease.windowStartMicros + lease.windowMicros) {
      lease.units = 0; // the window restarts at the next statement; its units went with the old one
      lease.known = 0;
      return false;
    }
    return true;
  }

  private admit(lease: Lease, nowMicros: bigint, nowMs = this.monotonicMs()): RateLimitDecision {
    lease.units -= 1;
    lease.lastUsedMs = nowMs;
    const at = nowMicros > lease.windowStartMicros ? nowMicros : lease.windowStartMicros;
    return decisionOf({ windowStartMicros: lease.windowStartMicros, count: lease.known - lease.units }, lease.policy, at, lease.windowStart);
  }

  /** How many requests to lease: `leaseMs` of the recent rate, capped; 0 below 2 (count as they come). */
  private leaseSize(lease: Lease, nowMs = this.monotonicMs()): number {
    const elapsed = nowMs - lease.periodStartMs;
    if (elapsed >= RATE_PERIOD_MS) {
      lease.ratePerMs = lease.arrivals / elapsed;
      lease.arrivals = 0;
      lease.periodStartMs = nowMs;
    }
    const left = lease.policy.limit - lease.known;
    const size = Math.min(this.maxLease, Math.floor(lease.ratePerMs * this.leaseMs), Math.floor(left * this.leaseShare));
    return size >= 2 ? size : 0;
  }

  /** Takes the next lease while half of the current one is still held. */
  private takeAhead(lease: Lease, nowMs = this.monotonicMs()): void {
    if (lease.running !== undefined || this.closed || nowMs < lease.retryAfterMs) return;
    const size = this.leaseSize(lease, nowMs);
    if (size > 0 && lease.units * 2 <= size) this.count(lease, size);
  }

  /**
   * One statement: the waiting requests (in order) plus enough to hold `size` units. Requests on
   * both sides of the held window's end are not counted together: those after it wait for the
   * next statement, which starts the new window at the first of them, as counting alone would.
   */
  private count(lease: Lease, size: number): void {
    const windowEnd = lease.windowStart === undefined ? undefined : lease.windowStartMicros + lease.windowMicros;
    let take = 0;
    const first = lease.waiters[0];
    const straddles = first !== undefined && windowEnd !== undefined && first.nowMicros < windowEnd;
    while (take < lease.waiters.length && take < MAX_BATCH && !(straddles && lease.waiters[take]!.nowMicros >= windowEnd!)) take += 1;
    const waiters = lease.waiters.splice(0, take);
    const endsWindow = lease.waiters.length > 0 && straddles;
    const failing = this.monotonicMs() < lease.retryAfterMs;
    const ahead = this.closed || endsWindow || failing ? 0 : Math.max(0, Math.min(size - lease.units, MAX_BATCH - waiters.length));
    const n = waiters.length + ahead;
    if (n === 0) return;
    // At the latest request's time: a waiting one's when there are any, else the latest seen.
    const nowMicros = waiters.length === 0 ? lease.lastNowMicros : waiters.reduce((latest, w) => (w.nowMicros > latest ? w.nowMicros : latest), 0n);
    lease.running = countInStore(this.store, lease.orgId, lease.policy, nowMicros, n)
      .then(
        ({ windowStart, before }) => {
          lease.retryAfterMs = 0;
          this.counted(lease, waiters, n, windowStart, before);
        },
        (error: unknown) => {
          // Waiting requests get the error; taking ahead pauses for a second instead of retrying at once.
          lease.retryAfterMs = this.monotonicMs() + RETRY_AFTER_FAILURE_MS;
          if (waiters.length === 0) this.onError(error);
          throw error;
        },
      )
      .catch((error: unknown) => waiters.forEach((waiter) => waiter.reject(error)))
      .finally(() => {
        lease.running = undefined;
        this.afterCount(lease);
      });
  }

  /**
   * The statement counted `n` requests from `before`: the waiting ones are told what counting each
   * alone would have told them, the rest (those within the limit) are held for the next requests.
   */
  private counted(lease: Lease, waiters: readonly Waiter[], n: number, windowStart: Instant, before: number): void {
    lease.lastUsedMs = this.monotonicMs();
    const windowStartMicros = epochMicrosOf(windowStart);
    if (windowStart !== lease.windowStart) {
      lease.units = 0;
      lease.windowStart = windowStart;
      lease.windowStartMicros = windowStartMicros;
    }
    waiters.forEach((waiter, i) => {
      // Another process may have started the window a moment after this request's time.
      const at = waiter.nowMicros > windowStartMicros ? waiter.nowMicros : windowStartMicros;
      waiter.resolve(decisionOf({ windowStartMicros, count: before + i + 1 }, lease.policy, at, windowStart));
    });
    const granted = Math.max(0, Math.min(n, lease.policy.limit - before));
    lease.units += Math.max(0, granted - waiters.length);
    lease.known = before + granted;
  }

  /** Requests that came while the statement ran are decided from the lease, in order; the rest need another. */
  private afterCount(lease: Lease): void {
    while (lease.waiters.length > 0 && this.holds(lease, lease.waiters[0]!.nowMicros)) {
      const waiter = lease.waiters.shift()!;
      waiter.resolve(this.admit(lease, waiter.nowMicros));
    }
    if (lease.waiters.length > 0) this.count(lease, this.leaseSize(lease));
    else this.takeAhead(lease);
  }

  /**
   * Gives the held units back. The write counts as the lease's running statement, so a request
   * that comes meanwhile is counted after it (not told the window is fuller than it is) and
   * close() waits for it.
   */
  private release(lease: Lease): Promise<void> {
    if (lease.running !== undefined) return lease.running; // callers release only between statements
    const { units, windowStart } = lease;
    lease.units = 0;
    lease.known -= units;
    if (units === 0 || windowStart === undefined) return Promise.resolve();
    const running = releaseInStore(this.store, lease.orgId, lease.policy, windowStart, units, lease.lastNowMicros)
      .catch(this.onError)
      .finally(() => {
        lease.running = undefined;
        // Requests that came meanwhile are counted now; nothing is taken ahead for an idle lease.
        if (lease.waiters.length > 0) this.count(lease, this.leaseSize(lease));
      });
    lease.running = running;
    return running;
  }
}
