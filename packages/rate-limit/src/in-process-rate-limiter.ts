import { instantFromEpochMicros, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { countRequests, decisionOf, type WindowCount } from './fixed-window.ts';
import { microsOf } from './instant-micros.ts';
import type { RateLimitDecision, RateLimiter } from './limiter.ts';
import { assertPolicy, type RateLimitPolicy } from './policy.ts';
import { readWindow, writeWindows, type StoredWindow } from './stored-windows.ts';
import { ORG_API_RATE_LIMIT_TABLE } from './table.ts';

export type InProcessRateLimiterOptions = Readonly<{
  store: ReadModelStore;
  /** Default `Org.OrgAPIRateLimit`. */
  table?: string;
  /** The least time between two writes of the counts to the table. Default 1,000 ms. */
  flushIntervalMs?: number;
  /** A write that failed in the background (it is tried again after the interval). Default: a line on stderr. */
  onFlushError?: (error: unknown) => void;
  /** Orgs kept in memory; beyond it, written ones are dropped and read again on their next request. Default 10,000. */
  maxEntries?: number;
}>;

type Entry = { window: WindowCount | undefined; windowStart: Instant | undefined; updatedAtMicros: bigint; dirty: boolean };

export const DEFAULT_FLUSH_INTERVAL_MS = 1_000;

const logToStderr = (error: unknown): void => {
  process.stderr.write(`sapien rate-limit: writing Org.OrgAPIRateLimit failed: ${error instanceof Error ? error.message : String(error)}\n`);
};

/**
 * Fixed-window rate limiting counted in this process — exact for ONE API process, as on the embedded
 * SQLite default — with the live state written behind to `Org.OrgAPIRateLimit` at most once per
 * interval and on close, so queries of the table still see it. An org's first request reads its row,
 * so a restart within a window keeps the count written before it. Several API processes would each
 * count alone: they need PostgreSQL and `SqlRateLimiter` (README.md; `createRateLimiter` chooses).
 */
export class InProcessRateLimiter implements RateLimiter {
  private readonly store: ReadModelStore;
  private readonly table: string;
  private readonly flushIntervalMs: number;
  private readonly onFlushError: (error: unknown) => void;
  private readonly maxEntries: number;
  private readonly entries = new Map<number, Entry>();
  private readonly loading = new Map<number, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(options: InProcessRateLimiterOptions) {
    this.store = options.store;
    this.table = options.table ?? ORG_API_RATE_LIMIT_TABLE;
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.onFlushError = options.onFlushError ?? logToStderr;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async consume(orgId: number, policy: RateLimitPolicy, now: Instant): Promise<RateLimitDecision> {
    assertPolicy(policy);
    const nowMicros = microsOf(now);
    let entry = this.entries.get(orgId);
    while (entry === undefined) {
      await this.load(orgId);
      entry = this.entries.get(orgId);
    }
    // From here on synchronous: the event loop serialises requests, so the count is exact.
    const counted = countRequests(entry.window, policy, nowMicros, 1).window;
    if (counted.windowStartMicros !== entry.window?.windowStartMicros || entry.windowStart === undefined) {
      entry.windowStart = instantFromEpochMicros(counted.windowStartMicros); // formatted once per window
    }
    entry.window = counted;
    entry.updatedAtMicros = nowMicros;
    entry.dirty = true;
    this.scheduleFlush();
    return decisionOf(counted, policy, nowMicros, entry.windowStart);
  }

  /** Writes every count not yet in the table now (one write at a time; a call during one waits and writes the rest). */
  async flush(): Promise<void> {
    while (this.writing !== undefined) await this.writing.catch(() => undefined);
    const pending: StoredWindow[] = [];
    for (const [orgId, entry] of this.entries) {
      if (!entry.dirty || entry.window === undefined) continue;
      entry.dirty = false;
      pending.push({ orgId, ...entry.window, updatedAtMicros: entry.updatedAtMicros });
    }
    if (pending.length === 0) return;
    this.writing = this.write(pending).finally(() => {
      this.writing = undefined;
    });
    await this.writing;
  }

  /** Stops the timer and writes what is left. Requests counted after it are not written. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(pending: readonly StoredWindow[]): Promise<void> {
    try {
      await writeWindows(this.store, this.table, pending);
    } catch (error) {
      // Counted again since? Then it is dirty anyway; otherwise it must be written next time.
      for (const { orgId } of pending) {
        const entry = this.entries.get(orgId);
        if (entry !== undefined) entry.dirty = true;
      }
      this.scheduleFlush();
      throw error;
    }
    this.forgetBeyondMax();
  }

  private scheduleFlush(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(this.onFlushError);
    }, this.flushIntervalMs);
    // A pending write does not keep the process alive: close() writes it.
    this.timer.unref();
  }

  /** Orgs whose row holds their state can be dropped: their next request reads it again. */
  private forgetBeyondMax(): void {
    if (this.entries.size <= this.maxEntries) return;
    for (const [orgId, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) return;
      if (!entry.dirty) this.entries.delete(orgId);
    }
  }

  /** Reads an org's row once, however many of its requests arrive meanwhile. */
  private load(orgId: number): Promise<void> {
    let pending = this.loading.get(orgId);
    if (pending === undefined) {
      pending = readWindow(this.store, this.table, orgId)
        .then((window) => {
          if (!this.entries.has(orgId)) this.entries.set(orgId, { window, windowStart: undefined, updatedAtMicros: 0n, dirty: false });
        })
        .finally(() => this.loading.delete(orgId));
      this.loading.set(orgId, pending);
    }
    return pending;
  }
}
