import type { Knex } from 'knex';
import type { AppendResult, ExpectedRevision, StreamRevision } from '@sapien/event-store';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import { APPEND_FUNCTION, CONFLICT_SQLSTATE, NO_STREAM_DETAIL } from './postgres-append-function.ts';
import type { UnplacedEventRow } from './rows.ts';

/**
 * The events as one jsonb array. data and metadata are JSON text already (rows.ts), so they are
 * spliced in rather than parsed and serialised again.
 */
export const eventsJson = (rows: readonly UnplacedEventRow[]): string =>
  `[${rows
    .map(
      (row) =>
        `{"id":${JSON.stringify(row.eventId)},"type":${JSON.stringify(row.type)},"data":${row.data},` +
        `"metadata":${row.metadata},"occurredAt":${JSON.stringify(row.occurredAt)}}`,
    )
    .join(',')}]`;

const actualOf = (detail: unknown): StreamRevision | undefined => {
  if (detail === NO_STREAM_DETAIL) return 'no_stream';
  if (typeof detail !== 'string' || !/^\d+$/.test(detail)) return undefined;
  return Number(detail);
};

/** sapien_append's conflict as the typed error (the actual revision is its DETAIL); undefined for any other error. */
export const conflictOf = (error: unknown, streamId: string, expected: ExpectedRevision): ExpectedRevisionConflict | undefined => {
  if (!(error instanceof Error) || !('code' in error) || error.code !== CONFLICT_SQLSTATE) return undefined;
  const actual = actualOf('detail' in error ? error.detail : undefined);
  return actual === undefined ? undefined : new ExpectedRevisionConflict(streamId, expected, actual);
};

const hasRows = (result: unknown): result is { rows: Record<string, unknown>[] } =>
  typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows);

/**
 * Appends with one autocommitted call of sapien_append: one round trip, as a named statement, which
 * each connection prepares once (parsing and planning the call anew cost PostgreSQL ≈ 70 µs of CPU). Throws
 * ExpectedRevisionConflict when the stream is elsewhere; a stored event id fails with the
 * driver's unique violation (23505), for the caller to tell a retried append from a conflict.
 */
export const appendInOneCall = async (
  db: Knex,
  streamId: string,
  rows: readonly UnplacedEventRow[],
  expected: ExpectedRevision,
): Promise<AppendResult> => {
  let result: unknown;
  try {
    result = await db
      .raw(`select next_revision, last_position from ${APPEND_FUNCTION}(?, ?, ?::jsonb)`, [streamId, String(expected), eventsJson(rows)])
      .options({ name: `${APPEND_FUNCTION}_call` });
  } catch (error) {
    throw conflictOf(error, streamId, expected) ?? error;
  }
  const row = hasRows(result) ? result.rows[0] : undefined;
  if (row === undefined) throw new Error(`${APPEND_FUNCTION} returned no row`);
  return { nextExpectedRevision: Number(row.next_revision), position: Number(row.last_position) };
};
