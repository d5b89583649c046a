import type { PublishedEslEvent } from '../hub.ts';

/**
 * The message body on ESL_EVENTS: `{ node, name, subclass?, sequence, coreUuid, uniqueId?,
 * timestamp, headers, body? }` as JSON. Fields are picked, not spread, so nothing beyond the
 * contract reaches the stream. JSON never holds a raw newline, which the spool relies on.
 */
export const encodeEslEventPayload = (event: PublishedEslEvent): string =>
  JSON.stringify({
    node: event.node,
    name: event.name,
    subclass: event.subclass,
    sequence: event.sequence,
    coreUuid: event.coreUuid,
    uniqueId: event.uniqueId,
    timestamp: event.timestamp,
    headers: event.headers,
    body: event.body,
  });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** Reads a payload back (from the spool or the stream); `undefined` when it is not one. */
export const decodeEslEventPayload = (text: string): PublishedEslEvent | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { node, name, subclass, sequence, coreUuid, uniqueId, timestamp, headers, body } = value;
  if (typeof node !== 'string' || typeof name !== 'string' || typeof coreUuid !== 'string') return undefined;
  if (typeof sequence !== 'number' || typeof timestamp !== 'string' || !isRecord(headers)) return undefined;
  if (!optionalString(subclass) || !optionalString(uniqueId) || !optionalString(body)) return undefined;
  return value as PublishedEslEvent;
};
