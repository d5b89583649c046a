import { DEFAULT_API_RATE_LIMIT } from '@sapien/organisations';
import { SystemClock, type Clock, type Instant } from '@sapien/kernel';
import { microsOf } from './instant-micros.ts';
import type { ReadModelStore } from '@sapien/read-model-sql';
import type { RateLimitPolicy } from './policy.ts';

/** Where an org's limit comes from. */
export interface RateLimitSettings {
  /** `now`: the request's time when the caller has it already (saves a clock read). */
  policyFor(orgId: number, now?: Instant): Promise<RateLimitPolicy>;
}

export type OrgRateLimitSettingsOptions = Readonly<{
  store: ReadModelStore;
  clock?: Clock;
  /** How long a read setting is used before reading again: changes apply within this. Default 5 s. */
  cacheSeconds?: number;
  /** For an org not (yet) in Org.Orgs — just created, projection behind. Default 600 per 60 s. */
  fallback?: RateLimitPolicy;
  /** Orgs cached at most; the least recently read go first. Default 10,000. */
  maxEntries?: number;
  /** Default `Org.Orgs`. */
  table?: string;
}>;

type Entry = Readonly<{ policy: Promise<RateLimitPolicy>; expiresAt: bigint }>;

type Row = Readonly<{ ApiRateLimit: unknown; ApiRateLimitWindowSeconds: unknown }>;

export const DEFAULT_SETTINGS_CACHE_SECONDS = 5;

/**
 * Per-org limits from the `Org.Orgs` read model (ApiRateLimit, ApiRateLimitWindowSeconds), cached
 * in-process for a few seconds so a request costs one upsert, not an extra read.
 */
export class OrgRateLimitSettings implements RateLimitSettings {
  private readonly cache = new Map<number, Entry>();
  private readonly store: ReadModelStore;
  private readonly clock: Clock;
  private readonly ttlMicros: bigint;
  private readonly fallback: RateLimitPolicy;
  private readonly maxEntries: number;
  private readonly table: string;

  constructor(options: OrgRateLimitSettingsOptions) {
    this.store = options.store;
    this.clock = options.clock ?? new SystemClock();
    this.ttlMicros = BigInt(Math.round((options.cacheSeconds ?? DEFAULT_SETTINGS_CACHE_SECONDS) * 1_000_000));
    this.fallback = options.fallback ?? DEFAULT_API_RATE_LIMIT;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.table = options.table ?? 'Org.Orgs';
  }

  policyFor(orgId: number, at?: Instant): Promise<RateLimitPolicy> {
    const now = microsOf(at ?? this.clock.now());
    const cached = this.cache.get(orgId);
    if (cached !== undefined && cached.expiresAt > now) {
      this.cache.delete(orgId); // re-inserted last: Map order is the eviction order
      this.cache.set(orgId, cached);
      return cached.policy;
    }
    // The promise is cached, so concurrent first requests of an org share one read.
    const policy = this.read(orgId);
    this.remember(orgId, { policy, expiresAt: now + this.ttlMicros });
    policy.catch(() => this.cache.delete(orgId));
    return policy;
  }

  private remember(orgId: number, entry: Entry): void {
    this.cache.delete(orgId);
    this.cache.set(orgId, entry);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done === true) break;
      this.cache.delete(oldest.value);
    }
  }

  private async read(orgId: number): Promise<RateLimitPolicy> {
    const row: Row | undefined = await this.store
      .db(this.table)
      .select('ApiRateLimit', 'ApiRateLimitWindowSeconds')
      .where('OrgId', orgId)
      .first();
    if (row === undefined) return this.fallback;
    return { limit: Number(row.ApiRateLimit), windowSeconds: Number(row.ApiRateLimitWindowSeconds) };
  }
}
