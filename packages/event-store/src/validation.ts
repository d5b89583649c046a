import { ValidationError, isUuid } from '@sapien/kernel';
import type { NewEvent } from '@sapien/kernel';
import type { ExpectedRevision, ReadAllOptions, ReadStreamOptions } from './port.ts';

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const requireCount = (value: unknown, field: string): void => {
  if (value !== undefined && !isCount(value)) throw new ValidationError(`${field} must be a non-negative integer`, field);
};

/** Whether a JSON-like value holds the NUL character in a string or a key (cycles are left to JSON.stringify). */
const holdsNul = (value: unknown, ancestors: Set<object> = new Set()): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || ancestors.has(value)) return false;
  ancestors.add(value);
  const found = Array.isArray(value)
    ? value.some((item) => holdsNul(item, ancestors))
    : Object.entries(value).some(([key, item]) => key.includes('\u0000') || holdsNul(item, ancestors));
  ancestors.delete(value);
  return found;
};

/**
 * Checks an append before any adapter touches its store: a stream id, an expected revision
 * EventStoreDB would accept, and events with distinct UUID ids (EventStoreDB requires UUIDs).
 * No NUL character anywhere: PostgreSQL stores none (text or jsonb) while SQLite would, so every
 * adapter refuses it alike.
 */
export const validateAppend = (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void => {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new ValidationError('streamId must be a non-empty string', 'streamId');
  if (streamId.includes('\u0000')) throw new ValidationError('streamId must not contain the NUL character (\\u0000)', 'streamId');
  if (!['any', 'no_stream', 'stream_exists'].includes(String(expected)) && !isCount(expected)) {
    throw new ValidationError('expectedRevision must be any, no_stream, stream_exists or a revision ≥ 0', 'expectedRevision');
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !isUuid(event.id)) throw new ValidationError(`event id ${String(event.id)} is not a UUID`, 'id');
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw new ValidationError(`event id ${id} appears twice in one append`, 'id');
    ids.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new ValidationError('an event type must be a non-empty string', 'type');
    for (const field of ['type', 'data', 'metadata'] as const) {
      if (holdsNul(event[field])) {
        const what = `event ${id} of type ${JSON.stringify(event.type)}`;
        throw new ValidationError(`${what}: its ${field} contains the NUL character (\\u0000), which the event store cannot keep`, field, { eventId: id });
      }
    }
  }
};

/** `durability`, when given, is one of AppendDurability's values. */
export const validateDurability = (durability: unknown): void => {
  if (durability !== undefined && durability !== 'flushed' && durability !== 'deferred') {
    throw new ValidationError(`durability must be flushed or deferred, not ${JSON.stringify(durability)}`, 'durability');
  }
};

export const validateReadStreamOptions = (options: ReadStreamOptions): void => {
  requireCount(options.fromRevision, 'fromRevision');
  requireCount(options.maxCount, 'maxCount');
};

export const validateReadAllOptions = (options: ReadAllOptions): void => {
  requireCount(options.after, 'after');
  requireCount(options.maxCount, 'maxCount');
};
