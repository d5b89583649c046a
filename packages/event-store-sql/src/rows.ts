import type { EventMetadata, Instant, NewEvent, RecordedEvent } from '@sapien/kernel';
import { ValidationError, parseInstant } from '@sapien/kernel';
import type { EventRow, SqlDialect } from './dialect.ts';

/** A stored event as both dialects select it (bigint columns arrive as strings from PostgreSQL). */
export type StoredEventRow = Readonly<{
  position: number | string;
  event_id: string;
  stream_id: string;
  revision: number | string;
  type: string;
  data: unknown;
  metadata: unknown;
  occurred_at: string;
}>;

export const toRecordedEvent = (dialect: SqlDialect, row: StoredEventRow): RecordedEvent => ({
  id: row.event_id,
  type: row.type,
  streamId: row.stream_id,
  revision: Number(row.revision),
  position: Number(row.position),
  occurredAt: row.occurred_at as Instant,
  data: dialect.decodeJson(row.data),
  metadata: dialect.decodeJson(row.metadata) as EventMetadata,
});

const instantOf = (value: string): string => {
  try {
    return parseInstant(value);
  } catch {
    throw new ValidationError(`occurredAt ${value} is not an ISO-8601 instant`, 'occurredAt');
  }
};

export type UnplacedEventRow = Omit<EventRow, 'position' | 'revision'>;

/** Serialises the events before the transaction, so the lock is held for SQL work only. */
export const toUnplacedRows = (events: readonly NewEvent[]): UnplacedEventRow[] =>
  events.map((event) => ({
    eventId: event.id.toLowerCase(),
    type: event.type,
    data: JSON.stringify(event.data) ?? 'null',
    metadata: JSON.stringify(event.metadata),
    occurredAt: instantOf(event.occurredAt),
  }));

/** Places the events after the stream's revision and the log's head. */
export const placeRows = (rows: readonly UnplacedEventRow[], revision: number, head: number): EventRow[] =>
  rows.map((row, index) => ({ ...row, position: head + 1 + index, revision: revision + 1 + index }));
