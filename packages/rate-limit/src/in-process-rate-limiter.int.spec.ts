import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { createQualifiedTable, dropQualifiedTableIfExists, openReadModelStore, type ReadModelStore } from '@sapien/read-model-sql';
import { temporarySqliteReadDb, type TestReadDb } from '@sapien/read-model-sql/testing';
import { createRateLimiter } from './factory.ts';
import { rateLimitHeaders } from './headers.ts';
import { InProcessRateLimiter } from './in-process-rate-limiter.ts';
import { LeasedRateLimiter } from './leased-rate-limiter.ts';
import { SqlRateLimiter } from './sql-rate-limiter.ts';
import { migrateRateLimitTables } from './table.ts';
import { T0, later, rateLimiterContract, storedRow } from './testing/rate-limiter-contract.ts';

/** The statements the store runs while `work` does, by knex's query event. */
const statementsDuring = async (store: ReadModelStore, work: () => Promise<unknown>): Promise<string[]> => {
  const seen: string[] = [];
  const listener = (query: { sql: string }) => seen.push(query.sql);
  store.db.on('query', listener);
  try {
    await work();
  } finally {
    store.db.removeListener('query', listener);
  }
  return seen;
};

describe('InProcessRateLimiter (SQLite, one API process)', () => {
  let target: TestReadDb;
  let store: ReadModelStore;
  before(async () => {
    target = await temporarySqliteReadDb();
    store = await openReadModelStore(target.url);
    await migrateRateLimitTables(store);
  });
  after(async () => {
    await store?.close();
    await target?.dispose();
  });

  describe('the rate-limiter contract', () => {
    rateLimiterContract({
      store: () => store,
      // A long interval: the contract's writes come from flush(), never from the timer.
      create: (opened) => new InProcessRateLimiter({ store: opened, flushIntervalMs: 60_000 }),
      written: (limiter) => limiter.flush(),
    });
  });

  it('is what createRateLimiter gives on SQLite; PostgreSQL gets the leasing SQL limiter', async () => {
    const limiter = createRateLimiter(store);
    expect(limiter).to.be.instanceOf(InProcessRateLimiter);
    await limiter.close();
    expect(createRateLimiter({ ...store, dialect: 'postgres' })).to.be.instanceOf(LeasedRateLimiter);
  });

  it('decides and heads every request exactly as the SQL limiter does, window resets included', async () => {
    const inProcess = new InProcessRateLimiter({ store, flushIntervalMs: 60_000 });
    const sql = new SqlRateLimiter({ store });
    const steps: [number, { limit: number; windowSeconds: number }][] = [
      [0, { limit: 3, windowSeconds: 10 }],
      [0.5, { limit: 3, windowSeconds: 10 }],
      [1, { limit: 3, windowSeconds: 10 }],
      [2.25, { limit: 3, windowSeconds: 10 }],
      [9.999999, { limit: 3, windowSeconds: 10 }],
      [10, { limit: 3, windowSeconds: 10 }],
      [11, { limit: 3, windowSeconds: 10 }],
      [12, { limit: 1, windowSeconds: 10 }],
      [13, { limit: 5, windowSeconds: 10 }],
      [25, { limit: 2, windowSeconds: 5 }],
      [26, { limit: 2, windowSeconds: 5 }],
      [27, { limit: 2, windowSeconds: 5 }],
      [30.000001, { limit: 2, windowSeconds: 5 }],
    ];
    for (const [seconds, policy] of steps) {
      const [mine, theirs] = [await inProcess.consume(101, policy, later(T0, seconds)), await sql.consume(102, policy, later(T0, seconds))];
      expect(mine, `at ${seconds} s`).to.deep.equal(theirs);
      expect(rateLimitHeaders(101, policy, mine)).to.deep.equal({
        'ratelimit-policy': `"org";q=${policy.limit};w=${policy.windowSeconds};pk=:MTAx:`,
        ratelimit: `"org";r=${theirs.remaining};t=${theirs.resetSeconds};pk=:MTAx:`,
      });
    }
    await inProcess.close();
  });

  it('runs no statement between writes once it has read an org’s row', async () => {
    const limiter = new InProcessRateLimiter({ store, flushIntervalMs: 60_000 });
    const policy = { limit: 1_000, windowSeconds: 60 };
    const first = await statementsDuring(store, () => limiter.consume(103, policy, T0));
    expect(first).to.have.length(1); // the org's row, read once
    const rest = await statementsDuring(store, async () => {
      for (let i = 1; i <= 200; i += 1) await limiter.consume(103, policy, later(T0, i / 1000));
    });
    expect(rest).to.deep.equal([]);
    expect(await storedRow(store, 103)).to.equal(undefined);
    await limiter.flush();
    expect(await storedRow(store, 103)).to.include({ requestCount: 201, windowStart: T0 });
    await limiter.close();
  });

  it('writes the live state to Org.OrgAPIRateLimit by itself after the interval', async function () {
    this.timeout(10_000);
    const limiter = new InProcessRateLimiter({ store, flushIntervalMs: 20 });
    await limiter.consume(104, { limit: 5, windowSeconds: 60 }, T0);
    await limiter.consume(104, { limit: 5, windowSeconds: 60 }, later(T0, 1));
    while ((await storedRow(store, 104)) === undefined) await sleep(10);
    expect(await storedRow(store, 104)).to.deep.equal({ requestCount: 2, windowStart: T0, updatedAt: later(T0, 1) });
    await limiter.close();
  });

  it('writes what it still holds when it closes', async () => {
    const limiter = new InProcessRateLimiter({ store, flushIntervalMs: 60_000 });
    for (let i = 0; i < 4; i += 1) await limiter.consume(105, { limit: 3, windowSeconds: 60 }, later(T0, i));
    expect(await storedRow(store, 105)).to.equal(undefined);
    await limiter.close();
    expect(await storedRow(store, 105)).to.deep.equal({ requestCount: 4, windowStart: T0, updatedAt: later(T0, 3) });
  });

  it('goes on counting the written window after a restart', async () => {
    const policy = { limit: 3, windowSeconds: 60 };
    const before = new InProcessRateLimiter({ store, flushIntervalMs: 60_000 });
    await before.consume(106, policy, T0);
    await before.consume(106, policy, later(T0, 1));
    await before.close();
    const after = new InProcessRateLimiter({ store, flushIntervalMs: 60_000 });
    expect(await after.consume(106, policy, later(T0, 2))).to.deep.include({ allowed: true, remaining: 0, windowStart: T0 });
    expect((await after.consume(106, policy, later(T0, 3))).allowed).to.equal(false);
    await after.close();
  });

  it('keeps a count whose write failed and writes it the next time', async () => {
    const table = 'Org.OrgAPIRateLimitElsewhere';
    const create = () => createQualifiedTable(store.db, store.dialect, table, (t) => {
      t.integer('OrgId').notNullable().primary();
      t.text('WindowStart').notNullable();
      t.integer('RequestCount').notNullable();
      t.text('UpdatedAt').notNullable();
    });
    await create();
    const limiter = new InProcessRateLimiter({ store, table, flushIntervalMs: 60_000 });
    await limiter.consume(107, { limit: 3, windowSeconds: 60 }, T0);
    await dropQualifiedTableIfExists(store.db, table);
    expect(await limiter.flush().catch((e: unknown) => e)).to.be.instanceOf(Error);
    await create();
    await limiter.close();
    const row: { RequestCount: unknown } | undefined = await store.db(table).where('OrgId', 107).first('RequestCount');
    expect(Number(row?.RequestCount)).to.equal(1);
  });
});
