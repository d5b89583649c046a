// `node --import tsx bench/probes/one-round-trip-append.ts`: today's PostgreSQL append against the
// one-round-trip prototype in one-round-trip-append.sql, on one fresh database, same events.
import { readFileSync } from 'node:fs';
import knex from 'knex';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { NewEvent } from '@sapien/kernel';
import { orgStreamId } from '@sapien/organisations';
import { createTemporaryDatabase } from '@sapien/testing';
import { OrgEventSource } from '../org-events.ts';
import { median, perSecond } from '../stats.ts';

type Append = (streamId: string, events: readonly NewEvent[], expected: number | 'no_stream') => Promise<unknown>;

const CASES = [
  { appenders: 1, batch: 1, appends: 400 },
  { appenders: 10, batch: 1, appends: 80 },
  { appenders: 1, batch: 100, appends: 40 },
] as const;
const ROUNDS = 3;

const database = await createTemporaryDatabase('sapien_bench_probe');
const store = await openSqlEventStore(database.url);
const db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 10 } });
try {
  await db.raw(readFileSync(new URL('./one-round-trip-append.sql', import.meta.url), 'utf8'));
  const appenders: Record<string, Append> = {
    'appendToStream (today)': (streamId, events, expected) => store.appendToStream(streamId, events, { expectedRevision: expected }),
    'sapien_append (one round trip)': (streamId, events, expected) =>
      db.raw('select * from sapien_append(?, ?, ?::jsonb)', [streamId, expected === 'no_stream' ? -1 : expected, JSON.stringify(events)]),
  };
  const source = new OrgEventSource(9);
  let nextOrg = 1;
  const measure = async (append: Append, appenders: number, batch: number, appends: number): Promise<number> => {
    const first = nextOrg;
    nextOrg += appenders * 10;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: appenders }, async (_, worker) => {
        for (let i = 0; i < appends; i++) {
          const orgId = first + worker * 10 + (i % 10);
          const streamId = orgStreamId(orgId);
          await append(streamId, Array.from({ length: batch }, () => source.next(orgId)), source.takeRevision(streamId, batch));
        }
      }),
    );
    return perSecond(appenders * appends * batch, performance.now() - start);
  };
  process.stdout.write('| append | appenders | batch | events/s (median of 3, after a warm-up) |\n|---|---|---|---|\n');
  for (const { appenders: workers, batch, appends } of CASES) {
    for (const [name, append] of Object.entries(appenders)) {
      await measure(append, workers, batch, appends);
      const rates: number[] = [];
      for (let round = 0; round < ROUNDS; round++) rates.push(await measure(append, workers, batch, appends));
      process.stdout.write(`| ${name} | ${workers} | ${batch} | ${Math.round(median(rates)).toLocaleString('en-US')} |\n`);
    }
  }
} finally {
  await db.destroy();
  await store.close();
  await database.drop();
}
