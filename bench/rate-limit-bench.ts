import { SystemClock } from '@sapien/kernel';
import { createRateLimiter, migrateRateLimitTables } from '@sapien/rate-limit';
import { openReadModelStore } from '@sapien/read-model-sql';
import type { CallReport } from './call-load.ts';
import { runCallLoad } from './call-load.ts';
import type { DbKind } from './databases.ts';
import { withBenchDatabase } from './databases.ts';
import type { LoadSizes } from './options.ts';
import { progress } from './progress.ts';
import type { BenchSection } from './results.ts';
import type { RoundOptions } from './rounds.ts';
import { measurePaired } from './rounds.ts';
import { median } from './stats.ts';

/** One org, as every request of one tenant's token counts against the same row. */
const ORG_ID = 1;
/**
 * Far above any org's setting (MAX_RATE_LIMIT allows 1,000,000 a minute, which the in-memory limiter
 * would use up within seconds here), still within the table's integer column.
 */
const NEVER_REACHED = { limit: 2_000_000_000, windowSeconds: 60 } as const;

const ms = (value: number): string => `${value.toFixed(2)} ms`;
const describe = (report: CallReport): string =>
  `p50 ${ms(report.latencies.p50)}, p99 ${ms(report.latencies.p99)}, ${Math.round(report.perSecond).toLocaleString('en-US')} calls/s`;

/**
 * The latency of the API's rate-limit check — `consume` of the limiter `createRateLimiter` picks:
 * on PostgreSQL `LeasedRateLimiter` (counted in the table, a busy org's requests in leases), on
 * SQLite `InProcessRateLimiter` — with as many calls in flight as the HTTP cases have requests, against a trivial `select 1` on the same
 * read-model store at the same concurrency: the difference is what the check adds.
 */
export const runRateLimitBench = (kind: DbKind, sizes: LoadSizes, rounds: RoundOptions): Promise<BenchSection> =>
  withBenchDatabase(kind, 'rate-limit', async (database) => {
    const store = await openReadModelStore(database.readModelUrl('read'));
    try {
      await migrateRateLimitTables(store);
      const limiter = createRateLimiter(store, { flushIntervalMs: 1_000 });
      try {
      const clock = new SystemClock();
      const consume = async (): Promise<void> => {
        const decision = await limiter.consume(ORG_ID, NEVER_REACHED, clock.now());
        if (!decision.allowed) throw new Error('the rate limiter refused a call: the benchmark would measure refusals');
      };
      const selectOne = (): Promise<unknown> => store.db.raw('select 1');
      const reports = { subject: [] as CallReport[], baseline: [] as CallReport[] };
      const round = (call: () => Promise<unknown>, into: CallReport[]) => async (): Promise<number> => {
        const report = await runCallLoad(call, sizes.concurrency, sizes.seconds);
        into.push(report);
        return report.latencies.p99;
      };
      progress(`rate-limit ${kind}: ${sizes.concurrency} concurrent, ${sizes.seconds} s × ${rounds.warmups + rounds.rounds} rounds per side`);
      const p99 = await measurePaired(rounds, round(consume, reports.subject), round(selectOne, reports.baseline));
      const p50Of = (list: readonly CallReport[]): number => median(list.slice(rounds.warmups).map((report) => report.latencies.p50));
      // Alone, one call at a time: the check's own cost, without waiting behind other calls.
      const alone = { consume: await runCallLoad(consume, 1, sizes.seconds), selectOne: await runCallLoad(selectOne, 1, sizes.seconds) };
      const row = (percentile: 'p50' | 'p99', result: number, baseline: number) => ({
        case: `rate-limit check ${percentile}`,
        db: kind,
        unit: 'ms' as const,
        result,
        baseline,
        baselineName: 'select 1',
      });
      return {
        title: `rate limit (${kind})`,
        rows: [row('p50', p50Of(reports.subject), p50Of(reports.baseline)), row('p99', p99.result, p99.baseline)],
        details: [
          `rate-limit check, ${kind}: ${limiter.constructor.name}.consume for one org, ${sizes.concurrency} calls in flight for ${sizes.seconds} s per round; ` +
            `added p99 ${ms(p99.result - p99.baseline)} (consume p99 rounds [${p99.results.map(ms).join(', ')}], ` +
            `select 1 p99 rounds [${p99.baselines.map(ms).join(', ')}]); one call at a time: consume ${describe(alone.consume)}, ` +
            `select 1 ${describe(alone.selectOne)}, added p99 ${ms(alone.consume.latencies.p99 - alone.selectOne.latencies.p99)}`,
        ],
      };
      } finally {
        await limiter.close();
      }
    } finally {
      await store.close();
    }
  });
