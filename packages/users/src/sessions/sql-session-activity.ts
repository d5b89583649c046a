import { epochMicrosOf, instantFromEpochMicros, isUuid, type Instant } from '@sapien/kernel';
import type { Knex } from 'knex';
import type { Migration, ReadModelStore } from '@sapien/read-model-sql';
import {
  createQualifiedTable,
  fromDbPkDateTime,
  fromDbUuid,
  pkDateTimeColumn,
  runMigrations,
  toDbPkDateTime,
  toDbUuid,
  uuidColumn,
  writeTransaction,
} from '@sapien/read-model-sql';
import type { SessionActivity } from './session-activity.ts';

/**
 * `Org.SessionActivity`: `SessionId` (uuid) PK, `LastActivityAt` (pkdatetime). Not a projection's
 * table (no event feeds it), so a migration creates it and rebuilds leave it alone; join it with
 * `Org.Sessions` on `SessionId`.
 */
export const SESSION_ACTIVITY_TABLE = 'Org.SessionActivity';

export const SESSION_ACTIVITY_MIGRATIONS: readonly Migration[] = [
  {
    name: 'users/0001-create-session-activity',
    async up(db, dialect) {
      await createQualifiedTable(db, dialect, SESSION_ACTIVITY_TABLE, (table) => {
        uuidColumn(table, 'SessionId', dialect).notNullable().primary();
        pkDateTimeColumn(table, 'LastActivityAt', dialect).notNullable();
      });
    },
  },
];

/** Creates `Org.SessionActivity` when missing (idempotent, safe from several processes). */
export const migrateSessionActivity = async (store: ReadModelStore): Promise<void> => {
  await runMigrations(store, SESSION_ACTIVITY_MIGRATIONS);
};

export type SqlSessionActivityOptions = Readonly<{
  /** The least time between two writes for one session. Default 60 s. */
  intervalSeconds?: number;
  /** Sessions remembered in memory to skip the database between writes; past it the memory starts afresh. Default 100,000. */
  maxTracked?: number;
}>;

const LOOKUP_CHUNK = 500;

/**
 * Session activity in the read-model database. Each process remembers when it last wrote a
 * session (from the moment the write starts), so a request within the interval costs no statement
 * at all; the write itself is an upsert that only moves a time older than the interval, so several
 * API processes together still write a session at most about once per interval.
 */
export class SqlSessionActivity implements SessionActivity {
  private readonly intervalMicros: bigint;
  private readonly maxTracked: number;
  private readonly written = new Map<string, bigint>();

  constructor(
    private readonly store: ReadModelStore,
    options: SqlSessionActivityOptions = {},
  ) {
    this.intervalMicros = BigInt(options.intervalSeconds ?? 60) * 1_000_000n;
    this.maxTracked = options.maxTracked ?? 100_000;
  }

  async touch(sessionId: string, now: Instant): Promise<boolean> {
    // A grant id that is no UUID (issued before grant ids were session ids) has no session to track.
    if (!isUuid(sessionId)) return false;
    const id = toDbUuid(sessionId);
    const micros = epochMicrosOf(now);
    const last = this.written.get(id);
    if (last !== undefined && micros - last < this.intervalMicros) return false;
    // Claimed before the write, so the requests arriving while it runs do no database work either.
    if (this.written.size >= this.maxTracked) this.written.clear();
    this.written.set(id, micros);
    try {
      await this.write(id, now, micros);
    } catch (error) {
      // Not written after all: the next request tries again.
      if (this.written.get(id) === micros) {
        if (last === undefined) this.written.delete(id);
        else this.written.set(id, last);
      }
      throw error;
    }
    return true;
  }

  private async write(id: string, now: Instant, micros: bigint): Promise<void> {
    const { dialect } = this.store;
    const threshold = instantFromEpochMicros(micros - this.intervalMicros);
    const upsert = (db: Knex) =>
      db(SESSION_ACTIVITY_TABLE)
        .insert({ SessionId: id, LastActivityAt: toDbPkDateTime(now, dialect) })
        .onConflict('SessionId')
        .merge(['LastActivityAt'])
        .where(`${SESSION_ACTIVITY_TABLE}.LastActivityAt`, '<=', toDbPkDateTime(threshold, dialect));
    // SQLite: in writeTransaction, which waits for another process's lock without stalling the event
    // loop; PostgreSQL: one autocommitted statement.
    if (dialect === 'sqlite') await writeTransaction(this.store, (trx) => upsert(trx));
    else await upsert(this.store.db);
  }

  async lastActivity(sessionIds: readonly string[]): Promise<Map<string, Instant>> {
    const { db, dialect } = this.store;
    const found = new Map<string, Instant>();
    const ids = sessionIds.map(toDbUuid);
    for (let start = 0; start < ids.length; start += LOOKUP_CHUNK) {
      const rows: { SessionId: unknown; LastActivityAt: unknown }[] = await db(SESSION_ACTIVITY_TABLE)
        .select('SessionId', 'LastActivityAt')
        .whereIn('SessionId', ids.slice(start, start + LOOKUP_CHUNK));
      for (const row of rows) found.set(fromDbUuid(row.SessionId), fromDbPkDateTime(row.LastActivityAt, dialect));
    }
    return found;
  }
}
