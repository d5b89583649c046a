import type { AppendResult, ExpectedRevision, StreamRevision } from '@sapien/event-store';

/** Whether a stream at `actual` satisfies the expected revision. */
export const satisfies = (expected: ExpectedRevision, actual: StreamRevision): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
};

/** Where an event id already sits in the log. */
export type StoredEventPlace = Readonly<{ id: string; streamId: string; revision: number; position: number }>;

/**
 * The original result of an append being retried: the ids must already be this stream's
 * consecutive events, in the order given, starting where `expected` says (anywhere for `any` and
 * `stream_exists`). Undefined when they are not, which makes the retry a conflict.
 */
export const originalAppend = (
  streamId: string,
  ids: readonly string[],
  expected: ExpectedRevision,
  stored: readonly StoredEventPlace[],
): AppendResult | undefined => {
  const byId = new Map(stored.map((place) => [place.id, place]));
  const places = ids.map((id) => byId.get(id));
  const first = places[0];
  const last = places.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const consecutive = places.every((place, index) => place?.streamId === streamId && place.revision === first.revision + index);
  if (!consecutive) return undefined;
  const startsWhereExpected =
    expected === 'any' || expected === 'stream_exists' || first.revision === (expected === 'no_stream' ? 0 : expected + 1);
  return startsWhereExpected ? { nextExpectedRevision: last.revision, position: last.position } : undefined;
};
