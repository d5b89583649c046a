import { expect } from 'chai';
import { epochMicrosOf, instantFromEpochMicros, type Instant } from '@sapien/kernel';
import { fromDbPkDateTime, type ReadModelStore } from '@sapien/read-model-sql';
import type { RateLimiter } from '../limiter.ts';
import { ORG_API_RATE_LIMIT_TABLE, migrateRateLimitTables } from '../table.ts';

export const T0 = '2026-03-01T12:00:00.000000Z' as Instant;
export const later = (instant: Instant, seconds: number): Instant =>
  instantFromEpochMicros(epochMicrosOf(instant) + BigInt(Math.round(seconds * 1_000_000)));

export type StoredRow = Readonly<{ requestCount: number; windowStart: Instant; updatedAt: Instant }>;

/** The org's row in Org.OrgAPIRateLimit, as a query client sees it. */
export const storedRow = async (store: ReadModelStore, orgId: number): Promise<StoredRow | undefined> => {
  const row: { WindowStart: unknown; RequestCount: unknown; UpdatedAt: unknown } | undefined = await store
    .db(ORG_API_RATE_LIMIT_TABLE)
    .where('OrgId', orgId)
    .first();
  if (row === undefined) return undefined;
  return {
    requestCount: Number(row.RequestCount),
    windowStart: fromDbPkDateTime(row.WindowStart, store.dialect),
    updatedAt: fromDbPkDateTime(row.UpdatedAt, store.dialect),
  };
};

export type LimiterUnderTest<L extends RateLimiter> = Readonly<{
  store: () => ReadModelStore;
  create: (store: ReadModelStore) => L;
  /** Until the limiter's state is in the table (a write-behind limiter's flush). */
  written: (limiter: L) => Promise<void>;
}>;

/** What every RateLimiter promises, the same fixed window whichever keeps the count. */
export const rateLimiterContract = <L extends RateLimiter>({ store, create, written }: LimiterUnderTest<L>): void => {
  let limiter: L;
  before(async () => {
    await migrateRateLimitTables(store());
    limiter = create(store());
  });
  after(async () => limiter?.close());

  it('allows up to the limit in a window, counting down what remains', async () => {
    const policy = { limit: 3, windowSeconds: 60 };
    const decisions = [];
    for (let i = 0; i < 3; i += 1) decisions.push(await limiter.consume(1, policy, T0));
    expect(decisions.map(({ allowed, remaining, resetSeconds, retryAfterSeconds }) => ({ allowed, remaining, resetSeconds, retryAfterSeconds }))).to.deep.equal([
      { allowed: true, remaining: 2, resetSeconds: 60, retryAfterSeconds: 0 },
      { allowed: true, remaining: 1, resetSeconds: 60, retryAfterSeconds: 0 },
      { allowed: true, remaining: 0, resetSeconds: 60, retryAfterSeconds: 0 },
    ]);
  });

  it('refuses beyond the limit with the seconds until the window ends', async () => {
    const policy = { limit: 2, windowSeconds: 60 };
    await limiter.consume(2, policy, T0);
    await limiter.consume(2, policy, T0);
    const refused = await limiter.consume(2, policy, later(T0, 10.5));
    expect(refused).to.deep.include({ allowed: false, limit: 2, remaining: 0, resetSeconds: 50, retryAfterSeconds: 50 });
    expect(refused.windowStart).to.equal(T0);
  });

  it('starts a new window at the first request after the old one ended', async () => {
    const policy = { limit: 1, windowSeconds: 60 };
    await limiter.consume(3, policy, T0);
    expect((await limiter.consume(3, policy, later(T0, 59.999999))).allowed).to.equal(false);
    const next = await limiter.consume(3, policy, later(T0, 75));
    expect(next).to.deep.include({ allowed: true, remaining: 0, resetSeconds: 60, windowStart: later(T0, 75) });
  });

  it('keeps orgs apart', async () => {
    const policy = { limit: 1, windowSeconds: 60 };
    expect((await limiter.consume(4, policy, T0)).allowed).to.equal(true);
    expect((await limiter.consume(5, policy, T0)).allowed).to.equal(true);
    expect((await limiter.consume(4, policy, T0)).allowed).to.equal(false);
  });

  it('lets exactly the limit through when requests arrive at once', async () => {
    const policy = { limit: 10, windowSeconds: 60 };
    const decisions = await Promise.all(Array.from({ length: 30 }, () => limiter.consume(6, policy, T0)));
    expect(decisions.filter((d) => d.allowed)).to.have.length(10);
    expect(decisions.filter((d) => d.allowed).map((d) => d.remaining).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps its state in Org.OrgAPIRateLimit, the count stopping one past the limit', async () => {
    const policy = { limit: 2, windowSeconds: 60 };
    for (let i = 0; i < 5; i += 1) await limiter.consume(7, policy, later(T0, i));
    await written(limiter);
    expect(await storedRow(store(), 7)).to.deep.equal({ requestCount: 3, windowStart: T0, updatedAt: later(T0, 4) });
  });

  it('applies a raised limit within the running window', async () => {
    await limiter.consume(8, { limit: 1, windowSeconds: 60 }, T0);
    expect((await limiter.consume(8, { limit: 1, windowSeconds: 60 }, T0)).allowed).to.equal(false);
    expect(await limiter.consume(8, { limit: 5, windowSeconds: 60 }, T0)).to.deep.include({ allowed: true, remaining: 2 });
  });

  it('refuses a policy that is not positive whole numbers', async () => {
    const error = await limiter.consume(9, { limit: 0, windowSeconds: 60 }, T0).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    const fractional = await limiter.consume(9, { limit: 5, windowSeconds: 0.5 }, T0).catch((e: unknown) => e);
    expect(fractional).to.be.instanceOf(TypeError);
  });

  it('migrates once: running the migration again changes nothing', async () => {
    await migrateRateLimitTables(store());
    expect((await limiter.consume(10, { limit: 1, windowSeconds: 1 }, T0)).allowed).to.equal(true);
  });
};
