import { expect } from 'chai';
import { describeWithStoreOnEachDialect } from '@sapien/read-model-sql/testing';
import { InProcessRateLimiter } from './in-process-rate-limiter.ts';
import { callConsumeFunction } from './consume-function.ts';
import { SqlRateLimiter } from './sql-rate-limiter.ts';
import { migrateRateLimitTables } from './table.ts';
import { T0, later, rateLimiterContract, storedRow } from './testing/rate-limiter-contract.ts';

describe('SqlRateLimiter', () => {
  describeWithStoreOnEachDialect((store, dialect) => {
    rateLimiterContract({
      store,
      create: (opened) => new SqlRateLimiter({ store: opened }),
      // Each request is written as it is counted.
      written: async () => undefined,
    });

    describe('requests arriving while an org’s statement runs', () => {
      before(async () => migrateRateLimitTables(store()));

      it('are counted together by the next statement, each decided as if it had come alone', async () => {
        const limiter = new SqlRateLimiter({ store: store() });
        const policy = { limit: 20, windowSeconds: 60 };
        const counts: string[] = [];
        const listener = (query: { sql: string }) => {
          if (/ConsumeOrgApiRateLimit|insert into/u.test(query.sql)) counts.push(query.sql);
        };
        store().db.on('query', listener);
        let decisions;
        try {
          decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => limiter.consume(201, policy, later(T0, i / 1_000_000))));
        } finally {
          store().db.removeListener('query', listener);
        }
        // The first alone, the other 29 waiting behind it together.
        expect(counts).to.have.length(2);
        expect(decisions.map((d) => d.allowed)).to.deep.equal([...Array<boolean>(20).fill(true), ...Array<boolean>(10).fill(false)]);
        expect(decisions.map((d) => d.remaining)).to.deep.equal([...Array.from({ length: 20 }, (_, i) => 19 - i), ...Array<number>(10).fill(0)]);
        expect(new Set(decisions.map((d) => d.windowStart))).to.deep.equal(new Set([T0]));
        // Stored as 30 single requests would leave it: one past the limit.
        expect((await storedRow(store(), 201))?.requestCount).to.equal(21);
      });

      it('decide bursts exactly as one request at a time would, windows and limit changes included', async () => {
        const batched = new SqlRateLimiter({ store: store() });
        const oneByOne = new InProcessRateLimiter({ store: store(), flushIntervalMs: 60_000 });
        let seed = 7;
        const random = (below: number): number => {
          seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
          return seed % below;
        };
        let seconds = 0;
        for (let burst = 0; burst < 40; burst += 1) {
          seconds += random(4);
          const policy = { limit: 1 + random(6), windowSeconds: 5 };
          const size = 1 + random(10);
          const now = later(T0, seconds);
          const together = await Promise.all(Array.from({ length: size }, () => batched.consume(204, policy, now)));
          const alone = [];
          for (let i = 0; i < size; i += 1) alone.push(await oneByOne.consume(205, policy, now));
          expect(together, `burst ${burst}`).to.deep.equal(alone);
        }
        await oneByOne.close();
      });

      // PostgreSQL only: on SQLite the API counts in memory (InProcessRateLimiter).
      if (dialect === 'postgres') it('commits a count without waiting for the WAL flush, for its own transaction only', async () => {
        const setting = (result: unknown): unknown => (result as { rows: { synchronous_commit?: unknown }[] }).rows[0]?.synchronous_commit;
        await store().db.transaction(async (trx) => {
          expect(setting(await trx.raw('show synchronous_commit'))).to.equal('on');
          await trx.raw(callConsumeFunction, [202, '2026-01-01T00:00:00Z', '2025-12-31T23:59:00Z', 1, 10]);
          expect(setting(await trx.raw('show synchronous_commit'))).to.equal('off');
        });
        expect(setting(await store().db.raw('show synchronous_commit'))).to.equal('on');
      });

      it('keeps orgs apart: one org’s running statement does not hold another’s requests', async () => {
        const limiter = new SqlRateLimiter({ store: store() });
        const policy = { limit: 1, windowSeconds: 60 };
        const [a, b] = await Promise.all([limiter.consume(202, policy, T0), limiter.consume(203, policy, T0)]);
        expect([a.allowed, b.allowed]).to.deep.equal([true, true]);
      });
    });
  });
});
