import { setTimeout } from 'node:timers/promises';
import { expect } from 'chai';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { describeWithStoreOnEachDialect } from '@sapien/read-model-sql/testing';
import { InProcessRateLimiter } from './in-process-rate-limiter.ts';
import { LeasedRateLimiter } from './leased-rate-limiter.ts';
import type { RateLimitDecision } from './limiter.ts';
import type { RateLimitPolicy } from './policy.ts';
import { migrateRateLimitTables } from './table.ts';
import { T0, later, rateLimiterContract, storedRow } from './testing/rate-limiter-contract.ts';

/** A monotonic clock the test moves. */
const manualClock = () => {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => void (ms += by) };
};

describe('LeasedRateLimiter', () => {
  describeWithStoreOnEachDialect((store) => {
    rateLimiterContract({
      store,
      create: (opened) => new LeasedRateLimiter({ store: opened }),
      // Below 2 requests per lease time nothing is leased: each request is written as it is counted.
      written: async () => undefined,
    });

    describe('leasing', () => {
      before(async () => migrateRateLimitTables(store()));

      /** Counts the statements that count requests while `run` runs. */
      const statementsDuring = async <T>(run: () => Promise<T>): Promise<{ result: T; statements: number }> => {
        let statements = 0;
        const listener = (query: { sql: string }) => {
          if (/ConsumeOrgApiRateLimit|insert into/u.test(query.sql)) statements += 1;
        };
        store().db.on('query', listener);
        try {
          return { result: await run(), statements };
        } finally {
          store().db.removeListener('query', listener);
        }
      };

      /** `count` requests one after another, 1 ms apart on the lease clock (so a lease is about 50) and `stepSeconds` apart in time. */
      const hammer = async (limiter: LeasedRateLimiter, clock: ReturnType<typeof manualClock>, orgId: number, policy: RateLimitPolicy, count: number, stepSeconds = 0) => {
        const decisions: RateLimitDecision[] = [];
        for (let i = 0; i < count; i += 1) {
          clock.advance(1);
          decisions.push(await limiter.consume(orgId, policy, later(T0, i * stepSeconds)));
        }
        return decisions;
      };

      it('decides a busy org’s requests mostly without a statement, each exactly as counting it alone would', async () => {
        const clock = manualClock();
        const leased = new LeasedRateLimiter({ store: store(), monotonicMs: clock.now });
        const oneByOne = new InProcessRateLimiter({ store: store(), flushIntervalMs: 60_000 });
        const policy = { limit: 500, windowSeconds: 1 };
        // 3,000 requests 1 ms apart: three windows, each filled, refusals at the end of each.
        const { result: decisions, statements } = await statementsDuring(() => hammer(leased, clock, 301, policy, 3_000, 0.001));
        const alone = [];
        for (let i = 0; i < 3_000; i += 1) alone.push(await oneByOne.consume(302, policy, later(T0, i * 0.001)));
        expect(decisions).to.deep.equal(alone);
        expect(decisions.filter((d) => d.allowed)).to.have.length(1_500);
        // Refusals are counted one statement each. The 1,500 allowed requests: the first 100 one by
        // one (the rate is not known yet), then one statement per lease — leases shrink as a window
        // fills, and its last 8 requests are counted alone.
        expect(statements - 1_500).to.be.below(400);
        await leased.close();
        await oneByOne.close();
      });

      it('never lets two processes together through beyond the limit, and gives back what an idle one holds', async () => {
        const clockA = manualClock();
        const clockB = manualClock();
        const a = new LeasedRateLimiter({ store: store(), monotonicMs: clockA.now });
        const b = new LeasedRateLimiter({ store: store(), monotonicMs: clockB.now });
        const policy = { limit: 2_000, windowSeconds: 60 };
        const allowedOf = (decisions: RateLimitDecision[]) => decisions.filter((d) => d.allowed).length;

        const byA = allowedOf(await hammer(a, clockA, 303, policy, 600));
        // b alone until refused: a still holds part of the window.
        let byB = 0;
        for (let refused = false; !refused; ) {
          clockB.advance(1);
          const decision = await b.consume(303, policy, T0);
          if (decision.allowed) byB += 1;
          else refused = true;
        }
        expect(byA).to.equal(600);
        expect(byA + byB, 'held by a, so not given to b').to.be.below(2_000);
        const held = 2_000 - byA - byB;

        // a goes idle: its lease goes back, and b can use it.
        clockA.advance(300);
        await a.releaseIdle();
        for (let i = 0; i < held; i += 1) expect((await b.consume(303, policy, T0)).allowed, `request ${i} of the given-back ones`).to.equal(true);
        expect((await b.consume(303, policy, T0)).allowed).to.equal(false);
        expect((await a.consume(303, policy, T0)).allowed).to.equal(false);
        await Promise.all([a.close(), b.close()]);
      });

      it('gives back what it holds when it closes, so the table counts only the requests let through', async () => {
        const clock = manualClock();
        const limiter = new LeasedRateLimiter({ store: store(), monotonicMs: clock.now });
        const policy = { limit: 10_000, windowSeconds: 60 };
        await hammer(limiter, clock, 304, policy, 1_000);
        expect((await storedRow(store(), 304))?.requestCount, 'leased ahead').to.be.above(1_000);
        await limiter.close();
        expect((await storedRow(store(), 304))?.requestCount).to.equal(1_000);
      });

      it('decides bursts that arrive while it counts ahead exactly as counting each alone would', async () => {
        const clock = manualClock();
        const leased = new LeasedRateLimiter({ store: store(), monotonicMs: clock.now });
        const oneByOne = new InProcessRateLimiter({ store: store(), flushIntervalMs: 60_000 });
        const policy = { limit: 700, windowSeconds: 60 };
        const together: RateLimitDecision[] = [];
        for (let burst = 0; burst < 60; burst += 1) {
          clock.advance(16); // 16 requests per 16 ms: leases of about 50
          together.push(...(await Promise.all(Array.from({ length: 16 }, (_, i) => leased.consume(306, policy, later(T0, burst * 0.016 + i * 0.000_001))))));
        }
        const alone = [];
        for (let burst = 0; burst < 60; burst += 1) {
          for (let i = 0; i < 16; i += 1) alone.push(await oneByOne.consume(307, policy, later(T0, burst * 0.016 + i * 0.000_001)));
        }
        expect(together).to.deep.equal(alone);
        await leased.close();
        await oneByOne.close();
      });

      it('never counts waiting requests on both sides of a window end together', async () => {
        const leased = new LeasedRateLimiter({ store: store() });
        const oneByOne = new InProcessRateLimiter({ store: store(), flushIntervalMs: 60_000 });
        const policy = { limit: 1, windowSeconds: 1 };
        // The first request's statement runs while the other two wait: one before the window's end, one after.
        const times = [T0, later(T0, 0.5), later(T0, 1.2)];
        const together = await Promise.all(times.map((at) => leased.consume(308, policy, at)));
        const alone = [];
        for (const at of times) alone.push(await oneByOne.consume(309, policy, at));
        expect(together).to.deep.equal(alone);
        expect(together.map((d) => [d.allowed, d.windowStart])).to.deep.equal([
          [true, T0],
          [false, T0],
          [true, later(T0, 1.2)],
        ]);
        await leased.close();
        await oneByOne.close();
      });

      it('rejects waiting requests when the table cannot be counted, and does not retry counting ahead at once', async () => {
        const clock = manualClock();
        let statements = 0;
        const down: ReadModelStore = {
          ...store(),
          dialect: 'postgres',
          db: {
            raw: () => {
              statements += 1;
              return Promise.reject(new Error('the database is down'));
            },
          } as unknown as ReadModelStore['db'],
        };
        const errors: unknown[] = [];
        const limiter = new LeasedRateLimiter({ store: down, monotonicMs: clock.now, onError: (error) => errors.push(error) });
        const outcomes = [];
        for (let i = 0; i < 300; i += 1) {
          clock.advance(1);
          outcomes.push(await limiter.consume(310, { limit: 10_000, windowSeconds: 60 }, T0).then(() => 'allowed', (error: Error) => error.message));
        }
        await setTimeout(20);
        expect(new Set(outcomes)).to.deep.equal(new Set(['the database is down']));
        // One statement per request that waited; none taken ahead in a loop.
        expect(statements).to.equal(300);
        await limiter.close();
      });

      it('counts each request as it comes when the org is quiet: nothing is held', async () => {
        const clock = manualClock();
        const limiter = new LeasedRateLimiter({ store: store(), monotonicMs: clock.now });
        const policy = { limit: 10_000, windowSeconds: 60 };
        for (let i = 0; i < 20; i += 1) {
          clock.advance(100); // 10 requests a second
          await limiter.consume(305, policy, later(T0, i * 0.1));
          expect((await storedRow(store(), 305))?.requestCount).to.equal(i + 1);
        }
        await limiter.close();
      });
    });
  });
});
