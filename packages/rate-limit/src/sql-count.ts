import { epochMicrosOf, instantFromEpochMicros, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime, toDbPkDateTime, writeTransaction } from '@sapien/read-model-sql';
import { callConsumeFunction, releaseStatement } from './consume-function.ts';
import { countRequests, windowMicrosOf, type WindowCount } from './fixed-window.ts';
import type { RateLimitPolicy } from './policy.ts';
import { ORG_API_RATE_LIMIT_TABLE } from './table.ts';

/** Where a window stands after `n` requests were counted: its start, and the count the first of them started from. */
export type CountedInStore = Readonly<{ windowStart: Instant; before: number }>;

type CallRow = Readonly<{ windowStart: unknown; countBefore: unknown }>;
type StoredRow = Readonly<{ WindowStart: unknown; RequestCount: unknown }>;

const rowsOf = <R>(result: unknown): R[] => (Array.isArray(result) ? (result as R[]) : ((result as { rows: R[] }).rows ?? []));

/**
 * Counts `n` requests of one org in `Org.OrgAPIRateLimit`, atomically across processes, exactly as
 * n requests counted one at a time would (fixed-window.ts): on PostgreSQL one call of
 * consume-function.ts; on SQLite (tests, tools) a read and a write in writeTransaction, whose
 * BEGIN IMMEDIATE holds the write lock throughout and waits for another process asynchronously.
 */
export const countInStore = async (store: ReadModelStore, orgId: number, policy: RateLimitPolicy, nowMicros: bigint, n: number): Promise<CountedInStore> => {
  const { db, dialect } = store;
  if (dialect === 'sqlite') return countInTransaction(store, orgId, policy, nowMicros, n);
  const now = toDbPkDateTime(instantFromEpochMicros(nowMicros), dialect);
  const expiredBefore = toDbPkDateTime(instantFromEpochMicros(nowMicros - windowMicrosOf(policy)), dialect);
  const row = rowsOf<CallRow>(await db.raw(callConsumeFunction, [orgId, now, expiredBefore, n, policy.limit]))[0];
  if (row === undefined) throw new Error(`counting org ${orgId}'s requests returned no row`);
  return { windowStart: fromDbPkDateTime(row.windowStart, dialect), before: Number(row.countBefore) };
};

const countInTransaction = (store: ReadModelStore, orgId: number, policy: RateLimitPolicy, nowMicros: bigint, n: number): Promise<CountedInStore> => {
  const { dialect } = store;
  return writeTransaction(store, async (trx) => {
    const row: StoredRow | undefined = await trx(ORG_API_RATE_LIMIT_TABLE).select('WindowStart', 'RequestCount').where('OrgId', orgId).first();
    const current: WindowCount | undefined =
      row === undefined ? undefined : { windowStartMicros: epochMicrosOf(fromDbPkDateTime(row.WindowStart, dialect)), count: Number(row.RequestCount) };
    const { window, before } = countRequests(current, policy, nowMicros, n);
    const windowStart = instantFromEpochMicros(window.windowStartMicros);
    await trx(ORG_API_RATE_LIMIT_TABLE)
      .insert({
        OrgId: orgId,
        WindowStart: toDbPkDateTime(windowStart, dialect),
        RequestCount: window.count,
        UpdatedAt: toDbPkDateTime(instantFromEpochMicros(nowMicros), dialect),
      })
      .onConflict('OrgId')
      .merge(['WindowStart', 'RequestCount', 'UpdatedAt']);
    return { windowStart, before };
  });
};

/**
 * Gives back `units` counted but never used in the window that began at `windowStart` (a lease a
 * process no longer needs): the count drops by them — from the limit when it stands one past it —
 * so other processes can use them. Nothing changes when the window has restarted since: the units
 * went with it.
 */
export const releaseInStore = async (
  store: ReadModelStore,
  orgId: number,
  policy: RateLimitPolicy,
  windowStart: Instant,
  units: number,
  nowMicros: bigint,
): Promise<void> => {
  const { db, dialect } = store;
  const bindings = [policy.limit, units, toDbPkDateTime(instantFromEpochMicros(nowMicros), dialect), orgId, toDbPkDateTime(windowStart, dialect)];
  if (dialect === 'sqlite') await writeTransaction(store, async (trx) => void (await trx.raw(releaseStatement.sqlite, bindings)));
  else await db.raw(releaseStatement.postgres, bindings);
};
