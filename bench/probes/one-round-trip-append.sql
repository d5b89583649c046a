-- A prototype, for measurement only: the SQL event store's PostgreSQL append in one round trip.
-- The same work as today's five (BEGIN; advisory lock; head and stream revision; insert + stream
-- upsert + NOTIFY; COMMIT), done by one autocommitted call. Each statement of a volatile plpgsql
-- function takes a fresh snapshot, so the head is read after the lock is held.
-- p_expected: an exact revision, -1 for no stream, null for any. Not handled here: stream_exists,
-- and telling an idempotent retry from a conflict (the caller would look the ids up on failure,
-- as the store does now on a unique violation).
create or replace function sapien_append(p_stream text, p_expected bigint, p_events jsonb)
returns table (next_revision bigint, last_position bigint) language plpgsql as $$
declare
  v_head bigint;
  v_revision bigint;
  v_count int := jsonb_array_length(p_events);
begin
  perform pg_advisory_xact_lock(5339120004915721);
  select coalesce(max(position), 0) into v_head from sapien_events;
  select revision into v_revision from sapien_streams where stream_id = p_stream;
  v_revision := coalesce(v_revision, -1);
  if p_expected is not null and v_revision <> p_expected then
    raise exception 'wrong expected revision: % expected %, is %', p_stream, p_expected, v_revision using errcode = 'P0001';
  end if;
  insert into sapien_events (position, event_id, stream_id, revision, type, data, metadata, occurred_at)
    select v_head + e.ord, (e.value ->> 'id')::uuid, p_stream, v_revision + e.ord, e.value ->> 'type',
           e.value -> 'data', e.value -> 'metadata', (e.value ->> 'occurredAt')::timestamptz
      from jsonb_array_elements(p_events) with ordinality as e(value, ord);
  insert into sapien_streams (stream_id, revision, position) values (p_stream, v_revision + v_count, v_head + v_count)
    on conflict (stream_id) do update set revision = excluded.revision, position = excluded.position;
  perform pg_notify('sapien_events', (v_head + v_count)::text);
  return query select v_revision + v_count, v_head + v_count;
end $$;
