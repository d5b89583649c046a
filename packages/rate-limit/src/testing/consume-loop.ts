/**
 * A stand-in API process for the two-process test: opens the read-model database, waits for "go"
 * on stdin (so both processes start together), then consumes for one org from `loops` concurrent
 * loops until it has been refused in `windows` different windows (or `deadlineMs` passes), and
 * prints `{ windowStart: { allowed, refused } }` as JSON.
 * Usage: node --import tsx consume-loop.ts <read-db-url> <orgId> <limit> <windowSeconds> <windows> <loops> [sql|leased]
 */
import { once } from 'node:events';
import { SystemClock } from '@sapien/kernel';
import { openReadModelStore } from '@sapien/read-model-sql';
import { LeasedRateLimiter } from '../leased-rate-limiter.ts';
import type { RateLimiter } from '../limiter.ts';
import { SqlRateLimiter } from '../sql-rate-limiter.ts';

const [url, orgId, limit, windowSeconds, windows, loops, kind = 'sql'] = process.argv.slice(2);
if (url === undefined || loops === undefined) throw new Error('usage: consume-loop.ts <url> <orgId> <limit> <windowSeconds> <windows> <loops>');

const deadlineMs = 30_000;
const store = await openReadModelStore(url);
const limiter: RateLimiter = kind === 'leased' ? new LeasedRateLimiter({ store }) : new SqlRateLimiter({ store });
const clock = new SystemClock();
const policy = { limit: Number(limit), windowSeconds: Number(windowSeconds) };
const tally = new Map<string, { allowed: number; refused: number }>();
const refusedIn = new Set<string>();

process.stdout.write('ready\n');
await once(process.stdin, 'data');

const started = Date.now();
const loop = async (): Promise<void> => {
  while (refusedIn.size < Number(windows) && Date.now() - started < deadlineMs) {
    const decision = await limiter.consume(Number(orgId), policy, clock.now());
    const counts = tally.get(decision.windowStart) ?? { allowed: 0, refused: 0 };
    if (decision.allowed) counts.allowed += 1;
    else {
      counts.refused += 1;
      refusedIn.add(decision.windowStart);
    }
    tally.set(decision.windowStart, counts);
  }
};
await Promise.all(Array.from({ length: Number(loops) }, loop));
await limiter.close();
await store.close();
process.stdout.write(`${JSON.stringify(Object.fromEntries(tally))}\n`);
