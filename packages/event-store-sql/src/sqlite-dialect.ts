import type { Knex } from 'knex';
import type { EventRow, SqlDialect } from './dialect.ts';
import { EVENT_COLUMNS, EVENTS_TABLE, STREAMS_TABLE, chunk, eventValues } from './dialect.ts';

// SQLite allows 32,766 bound parameters; eight per event.
const ROWS_PER_INSERT = 2_000;

const SCHEMA = [
  // position is the rowid: the table is stored in global order.
  `create table if not exists ${EVENTS_TABLE} (
    position integer primary key,
    event_id text not null unique,
    stream_id text not null,
    revision integer not null,
    type text not null,
    data text not null,
    metadata text not null,
    occurred_at text not null,
    unique (stream_id, revision)
  )`,
  // Without rowid: the stream id is the table's key, so a new stream (a random token hash) changes
  // one B-tree, not a table and its index. Files made before keep their table; both work alike.
  `create table if not exists ${STREAMS_TABLE} (
    stream_id text primary key,
    revision integer not null,
    position integer not null
  ) without rowid`,
];

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  occurredAtColumn: 'occurred_at',

  async migrate(db: Knex): Promise<void> {
    for (const statement of SCHEMA) await db.raw(statement);
  },

  // knex opens transactions with a deferred BEGIN; a write as the first statement takes the
  // write lock before the head is read (BEGIN IMMEDIATE), so another process cannot slip in
  // between the read and the insert, and busy_timeout applies while waiting for it.
  async lockForAppend(trx: Knex.Transaction, streamId: string): Promise<void> {
    await trx.raw(`update ${STREAMS_TABLE} set revision = revision where stream_id = ?`, [streamId]);
  },

  async writeEvents(trx: Knex.Transaction, streamId: string, rows: readonly EventRow[]): Promise<void> {
    for (const part of chunk(rows, ROWS_PER_INSERT)) {
      const values = eventValues(streamId, part);
      await trx.raw(`insert into ${EVENTS_TABLE} (${EVENT_COLUMNS}) values ${values.sql}`, values.bindings);
    }
    const last = rows.at(-1);
    if (last === undefined) return;
    await trx.raw(
      `insert into ${STREAMS_TABLE} (stream_id, revision, position) values (?, ?, ?)
       on conflict (stream_id) do update set revision = excluded.revision, position = excluded.position`,
      [streamId, last.revision, last.position],
    );
  },

  rowsOf: (result: unknown) => (Array.isArray(result) ? (result as Record<string, unknown>[]) : []),
  decodeJson: (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value),
};
