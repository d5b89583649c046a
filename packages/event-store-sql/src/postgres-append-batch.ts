import type { Knex } from 'knex';
import type { AppendResult } from '@sapien/event-store';
import type { QueuedAppend } from './append-queue.ts';
import { EVENTS_CHANNEL, EVENTS_TABLE, STREAMS_TABLE } from './dialect.ts';
import { APPEND_LOCK_KEY, REVISION_FITS_FUNCTION } from './postgres-append-function.ts';
import { eventsJson } from './postgres-append.ts';

/** The function that appends several appends (group commit) in one call. */
export const APPEND_BATCH_FUNCTION = 'sapien_append_batch';

/**
 * `sapien_append_batch(appends jsonb)`: appends that arrived together, in one autocommitted call —
 * one lock, one commit, one NOTIFY. `appends` is a jsonb array of {streamId, expected, events}
 * (events as for sapien_append). Each append is checked and written as sapien_append would, in
 * order, seeing the ones before it. One row per append, by `ord` (1-based): `appended` with the
 * stream's last revision and position, or `redo` when the stream is elsewhere — nothing of that
 * append is written, and the caller runs it alone, where a conflict is told from a retried append.
 * A stored event id fails the whole call with a unique violation (as in sapien_append, ids are not
 * looked up first): the caller then runs every append alone. Same snapshot rules as sapien_append
 * (README.md).
 */
export const APPEND_BATCH_FUNCTION_SQL = `
create or replace function ${APPEND_BATCH_FUNCTION}(p_appends jsonb)
returns table (ord bigint, outcome text, next_revision bigint, last_position bigint)
language plpgsql volatile as $fn$
declare
  v_append jsonb;
  v_ord bigint;
  v_stream_id text;
  v_expected text;
  v_events jsonb;
  v_count bigint;
  v_revision bigint;
  v_stream_position bigint;
  v_head bigint;
  v_start bigint;
begin
  if current_setting('transaction_isolation') <> 'read committed' then
    raise exception '${APPEND_BATCH_FUNCTION} needs READ COMMITTED, not %', current_setting('transaction_isolation')
      using hint = 'a snapshot taken before the append lock could miss the previous append';
  end if;
  perform pg_advisory_xact_lock(${APPEND_LOCK_KEY});
  select coalesce(max(e.position), 0) into v_head from ${EVENTS_TABLE} e;
  v_start := v_head;

  for v_append, v_ord in select a.value, a.ordinality from jsonb_array_elements(p_appends) with ordinality as a loop
    v_stream_id := v_append ->> 'streamId';
    v_expected := v_append ->> 'expected';
    v_events := v_append -> 'events';
    v_count := jsonb_array_length(v_events);
    select s.revision, s.position into v_revision, v_stream_position
      from ${STREAMS_TABLE} s where s.stream_id = v_stream_id;
    if not ${REVISION_FITS_FUNCTION}(v_expected, v_revision) then
      return query select v_ord, 'redo'::text, null::bigint, null::bigint;
    elsif v_count = 0 then
      return query select v_ord, 'appended'::text, coalesce(v_revision, -1), coalesce(v_stream_position, 0);
    else
      v_revision := coalesce(v_revision, -1);
      insert into ${EVENTS_TABLE} (position, event_id, stream_id, revision, type, data, metadata, occurred_at)
        select v_head + e.ord, (e.value ->> 'id')::uuid, v_stream_id, v_revision + e.ord, e.value ->> 'type',
               e.value -> 'data', e.value -> 'metadata', (e.value ->> 'occurredAt')::timestamptz
          from jsonb_array_elements(v_events) with ordinality as e(value, ord);
      insert into ${STREAMS_TABLE} (stream_id, revision, position) values (v_stream_id, v_revision + v_count, v_head + v_count)
        on conflict (stream_id) do update set revision = excluded.revision, position = excluded.position;
      v_head := v_head + v_count;
      return query select v_ord, 'appended'::text, v_revision + v_count, v_head;
    end if;
  end loop;

  if v_head > v_start then
    perform pg_notify('${EVENTS_CHANNEL}', v_head::text);
  end if;
end
$fn$`;

const hasRows = (result: unknown): result is { rows: Record<string, unknown>[] } =>
  typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows);

/** The appends as one jsonb array, events spliced in as text (postgres-append.ts). */
const appendsJson = (appends: readonly QueuedAppend[]): string =>
  `[${appends
    .map((append) => `{"streamId":${JSON.stringify(append.streamId)},"expected":${JSON.stringify(String(append.expected))},"events":${eventsJson(append.rows)}}`)
    .join(',')}]`;

const FLUSHED_CALL = `select ord, outcome, next_revision, last_position from ${APPEND_BATCH_FUNCTION}(?::jsonb)`;
/**
 * The same call, committed without waiting for the WAL flush (`synchronous_commit = off` for its
 * own transaction only): for a batch whose every append allows it (AppendDurability `deferred`).
 * The commit is visible to every session at once, and a later flushed commit flushes it too, so
 * order is kept; a PostgreSQL crash may forget the last fraction of a second of such appends.
 */
const DEFERRED_CALL = `select b.ord, b.outcome, b.next_revision, b.last_position
  from (select set_config('synchronous_commit', 'off', true)) deferred, ${APPEND_BATCH_FUNCTION}(?::jsonb) b`;

/** Appends together with one call of sapien_append_batch; undefined for each append to run alone. */
export const appendBatchInOneCall = async (db: Knex, appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]> => {
  const deferred = appends.every((append) => append.deferFlush === true);
  // Named: each connection prepares the call once (postgres-append.ts).
  const result: unknown = await db
    .raw(deferred ? DEFERRED_CALL : FLUSHED_CALL, [appendsJson(appends)])
    .options({ name: deferred ? `${APPEND_BATCH_FUNCTION}_deferred` : `${APPEND_BATCH_FUNCTION}_flushed` });
  const outcomes: (AppendResult | undefined)[] = appends.map(() => undefined);
  for (const row of hasRows(result) ? result.rows : []) {
    if (row.outcome !== 'appended') continue;
    outcomes[Number(row.ord) - 1] = { nextExpectedRevision: Number(row.next_revision), position: Number(row.last_position) };
  }
  return outcomes;
};
