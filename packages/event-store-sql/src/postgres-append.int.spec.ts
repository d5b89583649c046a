import { expect } from 'chai';
import knex from 'knex';
import type { Knex } from 'knex';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import type { EventStore } from '@sapien/event-store';
import { newEventId, newId, parseInstant } from '@sapien/kernel';
import type { NewEvent } from '@sapien/kernel';
import { createTemporaryDatabase, requirePostgres } from '@sapien/testing';
import type { TemporaryDatabase } from '@sapien/testing';
import { openSqlEventStore } from './open.ts';
import { eventsJson } from './postgres-append.ts';
import { APPEND_FUNCTION } from './postgres-append-function.ts';
import { APPEND_BATCH_FUNCTION, appendBatchInOneCall } from './postgres-append-batch.ts';
import { postgresDialect } from './postgres-dialect.ts';
import { toUnplacedRows } from './rows.ts';
import { SqlEventStoreImpl } from './sql-event-store.ts';

const event = (data: unknown): NewEvent => ({
  id: newEventId(),
  type: 'AppendProved',
  data,
  metadata: { orgId: 1, correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: 'proof' } },
  occurredAt: parseInstant('2026-05-06T07:08:09.101112Z'),
});

const CALL = `select next_revision, last_position from ${APPEND_FUNCTION}(?, ?, ?::jsonb)`;
const bindings = (streamId: string, expected: string, events: readonly NewEvent[]): string[] => [
  streamId,
  expected,
  eventsJson(toUnplacedRows(events)),
];

const rowOf = (result: unknown): unknown => (postgresDialect.rowsOf(result)[0] ?? {}) as unknown;

describe('sapien_append on PostgreSQL', () => {
  before(requirePostgres);

  let database: TemporaryDatabase | undefined;
  const connections: Knex[] = [];
  const stores: EventStore[] = [];
  const connect = (): Knex => {
    if (database === undefined) throw new Error('no database');
    const db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 1 } });
    connections.push(db);
    return db;
  };
  const open = async (): Promise<EventStore> => {
    if (database === undefined) throw new Error('no database');
    const store = await openSqlEventStore(database.url, { poolSize: 2 });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    database = await createTemporaryDatabase('sapien_es_append');
    await open(); // installs the tables and the function
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(connections.splice(0).map((db) => db.destroy()));
    await database?.drop();
  });

  it('appends in one statement, without a transaction around it', async () => {
    const db = connect();
    const statements: string[] = [];
    db.on('query', (query: { sql: string }) => statements.push(query.sql));
    const store = new SqlEventStoreImpl(db, postgresDialect, { pollIntervalMs: 1_000 });
    await store.appendToStream('one-call', [event({ n: 1 })], { expectedRevision: 'no_stream' });
    await store.appendToStream('one-call', [event({ n: 2 }), event({ n: 3 })], { expectedRevision: 0 });
    await store.appendToStream('one-call', [event({ n: 4 })], { expectedRevision: 'stream_exists' });
    expect(statements).to.have.length(3);
    expect(statements.every((sql) => sql.startsWith(`select next_revision, last_position from ${APPEND_FUNCTION}(`))).to.equal(true);
    expect(await store.streamRevision('one-call')).to.equal(3);
  });

  it('commits a batch without waiting for the WAL flush only when every append in it defers its flush', async () => {
    const db = connect();
    const setting = (result: unknown): unknown => (result as { rows: { synchronous_commit?: unknown }[] }).rows[0]?.synchronous_commit;
    const queued = (streamId: string, deferFlush: boolean) => ({ streamId, rows: toUnplacedRows([event({ streamId })]), expected: 'any' as const, deferFlush });
    const settingAfter = (appends: ReturnType<typeof queued>[]) =>
      db.transaction(async (trx) => {
        const results = await appendBatchInOneCall(trx, appends);
        expect(results.every((result) => result !== undefined)).to.equal(true);
        return setting(await trx.raw('show synchronous_commit'));
      });
    expect(await settingAfter([queued('deferred-1', true), queued('deferred-2', true)])).to.equal('off');
    expect(await settingAfter([queued('mixed-1', true), queued('mixed-2', false)])).to.equal('on');
    // Both calls are statements the connection prepared once, by name.
    const prepared = (await db.raw('select name from pg_prepared_statements order by name')) as { rows: { name: string }[] };
    expect(prepared.rows.map((row) => row.name)).to.include.members([`${APPEND_BATCH_FUNCTION}_deferred`, `${APPEND_BATCH_FUNCTION}_flushed`]);
    // For its own transaction only.
    expect(setting(await db.raw('show synchronous_commit'))).to.equal('on');
    const store = await open();
    expect((await store.readAll()).map((recorded) => recorded.streamId)).to.deep.equal(['deferred-1', 'deferred-2', 'mixed-1', 'mixed-2']);
  });

  it('writes appends made at the same moment together, in one call of sapien_append_batch (group commit)', async () => {
    const db = connect();
    const statements: string[] = [];
    db.on('query', (query: { sql: string }) => statements.push(query.sql));
    const store = new SqlEventStoreImpl(db, postgresDialect, { pollIntervalMs: 1_000 });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => store.appendToStream(`together-${n}`, [event({ n })], { expectedRevision: 'no_stream' })),
    );
    expect(statements).to.have.length(1);
    expect(statements[0]).to.match(new RegExp(`^select ord, outcome, next_revision, last_position from ${APPEND_BATCH_FUNCTION}\\(`));
    expect(results.map((result) => result.position)).to.deep.equal(results.map((_, n) => n + 1));
    expect(results.every((result) => result.nextExpectedRevision === 0)).to.equal(true);
    expect((await store.readAll()).map((recorded) => recorded.streamId)).to.deep.equal(results.map((_, n) => `together-${n}`));
  });

  it('runs alone an append of a batch whose stream is elsewhere, so only it fails', async () => {
    const db = connect();
    const store = new SqlEventStoreImpl(db, postgresDialect, { pollIntervalMs: 1_000 });
    await store.appendToStream('moved', [event({ n: 0 })]);
    const outcomes = await Promise.allSettled([
      store.appendToStream('fresh-1', [event({ n: 1 })], { expectedRevision: 'no_stream' }),
      store.appendToStream('moved', [event({ n: 2 })], { expectedRevision: 'no_stream' }),
      store.appendToStream('fresh-2', [event({ n: 3 })], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    const rejected = outcomes[1];
    expect(rejected?.status === 'rejected' ? rejected.reason : undefined).to.be.instanceOf(ExpectedRevisionConflict).and.include({ actual: 0 });
    expect(await store.headPosition()).to.equal(3);
  });

  it('reads the stream and the head after the lock is granted, so it sees an append committed while it waited', async () => {
    const [first, second, watcher] = [connect(), connect(), connect()];
    const holder = await first.transaction();
    const held = rowOf(await holder.raw(CALL, bindings('waited-on', 'no_stream', [event({ n: 1 })])));
    expect(held).to.deep.equal({ next_revision: '0', last_position: '1' });

    // Its statement starts while the first append still holds the lock, uncommitted.
    const waiting = Promise.resolve(second.raw(CALL, bindings('waited-on', '0', [event({ n: 2 })]))); // knex runs a query once awaited
    const isWaiting = async (): Promise<boolean> => {
      const result = await watcher.raw(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event = 'advisory' and query like ?`,
        [`%${APPEND_FUNCTION}%`],
      );
      return (rowOf(result) as { n?: number }).n === 1;
    };
    while (!(await isWaiting())) await new Promise((resolve) => setTimeout(resolve, 10));
    await holder.commit();
    expect(rowOf(await waiting)).to.deep.equal({ next_revision: '1', last_position: '2' });
  });

  it('refuses to run under REPEATABLE READ, where its reads would use a snapshot from before the lock', async () => {
    const db = connect();
    let failure: unknown;
    await db
      .transaction(async (trx) => {
        await trx.raw(CALL, bindings('isolated', 'any', [event({ n: 1 })]));
      }, { isolationLevel: 'repeatable read' })
      .catch((error: unknown) => {
        failure = error;
      });
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.match(/needs READ COMMITTED/);
  });

  it('reports, under contention on one stream, conflicts only at revisions newer than the writer had seen', async function () {
    this.timeout(60_000);
    const writers = await Promise.all([open(), open(), open(), open()]);
    const perWriter = 25;
    const stale: string[] = [];
    await Promise.all(
      writers.map(async (store, writer) => {
        for (let written = 0; written < perWriter; ) {
          const seen = await store.streamRevision('contended');
          try {
            await store.appendToStream('contended', [event({ writer, written })], { expectedRevision: seen });
            written += 1;
          } catch (error) {
            if (!(error instanceof ExpectedRevisionConflict)) throw error;
            const actual = error.actual === 'no_stream' ? -1 : error.actual;
            if (actual <= (seen === 'no_stream' ? -1 : seen)) stale.push(`${String(seen)} → ${String(error.actual)}`);
          }
        }
      }),
    );
    expect(stale).to.deep.equal([]);
    const reader = writers[0];
    if (reader === undefined) throw new Error('no writer');
    const stored = await reader.readStream('contended');
    expect(stored.map((recorded) => recorded.revision)).to.deep.equal(Array.from({ length: 4 * perWriter }, (_, n) => n));
    expect(stored.map((recorded) => recorded.position)).to.deep.equal(Array.from({ length: 4 * perWriter }, (_, n) => n + 1));
  });
});
