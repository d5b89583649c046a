import { EVENTS_CHANNEL, EVENTS_TABLE, STREAMS_TABLE } from './dialect.ts';

/** The advisory lock that serialises appends (and migrations) in one database. */
export const APPEND_LOCK_KEY = 5_339_120_004_915_721;

/** The function that appends in one call; installed by the PostgreSQL migration. */
export const APPEND_FUNCTION = 'sapien_append';

/** The SQLSTATE `sapien_append` raises when the stream is not at the expected revision. */
export const CONFLICT_SQLSTATE = 'SA409';

/** What `sapien_append` raises with CONFLICT_SQLSTATE as DETAIL when the stream does not exist. */
export const NO_STREAM_DETAIL = 'no_stream';

/** Whether a stream at `revision` (null: no stream) satisfies an expected revision; used by both append functions. */
export const REVISION_FITS_FUNCTION = 'sapien_revision_fits';

/**
 * The expected revision is compared in IF branches, not one expression, so `'any'::bigint` is
 * never evaluated (the planner may fold a CASE's constant branches).
 */
export const REVISION_FITS_FUNCTION_SQL = `
create or replace function ${REVISION_FITS_FUNCTION}(p_expected text, p_revision bigint)
returns boolean
language plpgsql immutable as $fn$
begin
  if p_expected = 'any' then
    return true;
  elsif p_expected = 'no_stream' then
    return p_revision is null;
  elsif p_expected = 'stream_exists' then
    return p_revision is not null;
  end if;
  return coalesce(p_revision = p_expected::bigint, false);
end
$fn$`;

/**
 * `sapien_append(stream_id, expected, events)`: the whole append in one autocommitted call — lock,
 * read the stream, check the expected revision, insert at `max(position) + 1 …`, move the stream,
 * NOTIFY. `expected` is 'any', 'no_stream', 'stream_exists' or a revision in decimal; `events` a
 * jsonb array of {id, type, data, metadata, occurredAt}. Returns the stream's last revision and its
 * last event's position (the stream's state, unchanged, for an empty array).
 *
 * It must be VOLATILE (the default) and run under READ COMMITTED: then each statement inside takes
 * a fresh snapshot, so the reads after the lock see every append committed before it was granted.
 * A single SQL statement could not do this: its snapshot is taken before the lock is granted.
 * The expected revision is checked by sapien_revision_fits.
 */
export const APPEND_FUNCTION_SQL = `
create or replace function ${APPEND_FUNCTION}(p_stream_id text, p_expected text, p_events jsonb)
returns table (next_revision bigint, last_position bigint)
language plpgsql volatile as $fn$
declare
  v_revision bigint;
  v_stream_position bigint;
  v_head bigint;
  v_count bigint := jsonb_array_length(p_events);
begin
  if current_setting('transaction_isolation') <> 'read committed' then
    raise exception '${APPEND_FUNCTION} needs READ COMMITTED, not %', current_setting('transaction_isolation')
      using hint = 'a snapshot taken before the append lock could miss the previous append';
  end if;
  perform pg_advisory_xact_lock(${APPEND_LOCK_KEY});

  select s.revision, s.position into v_revision, v_stream_position
    from ${STREAMS_TABLE} s where s.stream_id = p_stream_id;
  if not ${REVISION_FITS_FUNCTION}(p_expected, v_revision) then
    raise exception 'stream % is at revision %, expected %', p_stream_id, coalesce(v_revision::text, 'no_stream'), p_expected
      using errcode = '${CONFLICT_SQLSTATE}', detail = coalesce(v_revision::text, '${NO_STREAM_DETAIL}');
  end if;

  if v_count = 0 then
    return query select coalesce(v_revision, -1), coalesce(v_stream_position, 0);
    return;
  end if;

  select coalesce(max(e.position), 0) into v_head from ${EVENTS_TABLE} e;
  v_revision := coalesce(v_revision, -1);
  insert into ${EVENTS_TABLE} (position, event_id, stream_id, revision, type, data, metadata, occurred_at)
    select v_head + e.ord, (e.value ->> 'id')::uuid, p_stream_id, v_revision + e.ord, e.value ->> 'type',
           e.value -> 'data', e.value -> 'metadata', (e.value ->> 'occurredAt')::timestamptz
      from jsonb_array_elements(p_events) with ordinality as e(value, ord);
  insert into ${STREAMS_TABLE} (stream_id, revision, position) values (p_stream_id, v_revision + v_count, v_head + v_count)
    on conflict (stream_id) do update set revision = excluded.revision, position = excluded.position;
  perform pg_notify('${EVENTS_CHANNEL}', (v_head + v_count)::text);
  return query select v_revision + v_count, v_head + v_count;
end
$fn$`;
