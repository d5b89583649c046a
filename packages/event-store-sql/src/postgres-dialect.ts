import type { Knex } from 'knex';
import type { EventRow, SqlDialect } from './dialect.ts';
import { EVENT_COLUMNS, EVENTS_CHANNEL, EVENTS_TABLE, STREAMS_TABLE, chunk, eventValues } from './dialect.ts';
import { appendInOneCall } from './postgres-append.ts';
import { APPEND_BATCH_FUNCTION_SQL, appendBatchInOneCall } from './postgres-append-batch.ts';
import { APPEND_FUNCTION_SQL, APPEND_LOCK_KEY, REVISION_FITS_FUNCTION_SQL } from './postgres-append-function.ts';

// PostgreSQL allows 65,535 bound parameters; eight per event.
const ROWS_PER_INSERT = 4_000;

const SCHEMA = [
  `create table if not exists ${EVENTS_TABLE} (
    position bigint primary key,
    event_id uuid not null unique,
    stream_id text not null,
    revision bigint not null,
    type text not null,
    data jsonb not null,
    metadata jsonb not null,
    occurred_at timestamptz(6) not null,
    unique (stream_id, revision)
  )`,
  `create table if not exists ${STREAMS_TABLE} (
    stream_id text primary key,
    revision bigint not null,
    position bigint not null
  )`,
  REVISION_FITS_FUNCTION_SQL,
  APPEND_FUNCTION_SQL,
  APPEND_BATCH_FUNCTION_SQL,
];

const hasRows = (result: unknown): result is { rows: Record<string, unknown>[] } =>
  typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows);

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  occurredAtColumn: `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at`,

  // "create table if not exists" and "create or replace function" race with themselves across
  // sessions; the append lock orders them.
  async migrate(db: Knex): Promise<void> {
    await db.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(?)', [APPEND_LOCK_KEY]);
      for (const statement of SCHEMA) await trx.raw(statement);
    });
  },

  // The common path: one round trip (postgres-append-function.ts).
  appendInOneCall,
  // Appends that queued while another ran: one round trip for all of them (postgres-append-batch.ts).
  appendBatchInOneCall,

  // The transactional path, for a retry's lookup after a unique violation.
  // One append at a time in the whole database: positions are max + 1 and commit in position
  // order, so a reader never sees a later position before an earlier one (see README.md).
  async lockForAppend(trx: Knex.Transaction): Promise<void> {
    await trx.raw('select pg_advisory_xact_lock(?)', [APPEND_LOCK_KEY]);
  },

  async writeEvents(trx: Knex.Transaction, streamId: string, rows: readonly EventRow[]): Promise<void> {
    const parts = chunk(rows, ROWS_PER_INSERT);
    const final = parts.pop();
    const last = rows.at(-1);
    if (final === undefined || last === undefined) return;
    for (const part of parts) {
      const values = eventValues(streamId, part);
      await trx.raw(`insert into ${EVENTS_TABLE} (${EVENT_COLUMNS}) values ${values.sql}`, values.bindings);
    }
    // One round trip: the events, the stream's revision, and a NOTIFY delivered on commit.
    const values = eventValues(streamId, final);
    await trx.raw(
      `with appended as (insert into ${EVENTS_TABLE} (${EVENT_COLUMNS}) values ${values.sql}),
       stream as (
         insert into ${STREAMS_TABLE} (stream_id, revision, position) values (?, ?, ?)
         on conflict (stream_id) do update set revision = excluded.revision, position = excluded.position
       )
       select pg_notify('${EVENTS_CHANNEL}', ?)`,
      [...values.bindings, streamId, last.revision, last.position, String(last.position)],
    );
  },

  rowsOf: (result: unknown) => (hasRows(result) ? result.rows : []),
  decodeJson: (value: unknown) => value,
};
