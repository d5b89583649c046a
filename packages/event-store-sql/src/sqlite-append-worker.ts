import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { AppendResult } from '@sapien/event-store';
import type { QueuedAppend } from './append-queue.ts';
import { satisfies } from './append-rules.ts';
import { EVENT_COLUMNS, EVENTS_TABLE, STREAMS_TABLE } from './dialect.ts';
import { prepareWriterConnection } from './sqlite-connection.ts';

/** What the store sends: appends to write together. */
export type BatchRequest = Readonly<{ id: number; appends: readonly QueuedAppend[] }>;
/** What comes back: each append's result (null: not written, its stream is elsewhere), or the batch's error. */
export type BatchReply = Readonly<{ id: number; results?: (AppendResult | null)[]; error?: Readonly<{ message: string; code?: string }> }>;

export type WorkerSettings = Readonly<{ filename: string; busyTimeoutMs: number }>;

const settings = workerData as WorkerSettings;
const db = new Database(settings.filename);
prepareWriterConnection(db, settings.busyTimeoutMs);

type StateRow = Readonly<{ head: number | null; revision: number | null; stream_position: number | null }>;

const stateOf = (streamId: string): StateRow =>
  db
    .prepare(
      `select coalesce((select max(position) from ${EVENTS_TABLE}), 0) as head,
              (select revision from ${STREAMS_TABLE} where stream_id = ?) as revision,
              (select position from ${STREAMS_TABLE} where stream_id = ?) as stream_position`,
    )
    .get(streamId, streamId) as StateRow;

/** The same steps as the store's transaction path (sql-event-store.ts), as one synchronous transaction. */
const writeTogether = db.transaction((appends: readonly QueuedAppend[]): (AppendResult | null)[] => {
  const insert = db.prepare(`insert into ${EVENTS_TABLE} (${EVENT_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)`);
  const moveStream = db.prepare(
    `insert into ${STREAMS_TABLE} (stream_id, revision, position) values (?, ?, ?)
     on conflict (stream_id) do update set revision = excluded.revision, position = excluded.position`,
  );
  return appends.map(({ streamId, rows, expected }) => {
    const state = stateOf(streamId);
    const actual = state.revision === null ? 'no_stream' : state.revision;
    if (!satisfies(expected, actual)) return null;
    const revision = state.revision ?? -1;
    const head = state.head ?? 0;
    if (rows.length === 0) return { nextExpectedRevision: revision, position: state.stream_position ?? 0 };
    rows.forEach((row, index) =>
      insert.run(head + 1 + index, row.eventId, streamId, revision + 1 + index, row.type, row.data, row.metadata, row.occurredAt),
    );
    moveStream.run(streamId, revision + rows.length, head + rows.length);
    return { nextExpectedRevision: revision + rows.length, position: head + rows.length };
  });
});

parentPort?.on('message', (request: BatchRequest | 'close') => {
  if (request === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  let reply: BatchReply;
  try {
    // BEGIN IMMEDIATE: the write lock before the head is read, as the store's own path takes it.
    reply = { id: request.id, results: writeTogether.immediate(request.appends) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const code = 'code' in failure && typeof failure.code === 'string' ? failure.code : undefined;
    reply = { id: request.id, error: { message: failure.message, ...(code === undefined ? {} : { code }) } };
  }
  parentPort?.postMessage(reply);
});
