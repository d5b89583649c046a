import type { PublishedEslEvent } from '../hub.ts';
import { sourceJsonOf } from '../hub/published-event.ts';

const PAYLOAD = Symbol('encoded payload');
const HEADERS_MEMBER = Buffer.from(',"headers":');
const BODY_MEMBER = Buffer.from(',"body":');
const CLOSE = Buffer.from('}');

/**
 * The message body on ESL_EVENTS: `{ node, name, subclass?, sequence, coreUuid, uniqueId?,
 * timestamp, headers, body? }` as UTF-8 JSON. Fields are picked, not spread, so nothing beyond the
 * contract reaches the stream. An event that came as compact json keeps FreeSWITCH's own JSON for
 * its headers and body, spliced in rather than decoded and encoded again. JSON never holds a raw
 * newline, which the spool relies on. Encoded once per event: the stream and WebSocket clients share it.
 */
export const encodeEslEventPayload = (event: PublishedEslEvent): Buffer => {
  const cached = (event as { [PAYLOAD]?: Buffer })[PAYLOAD];
  if (cached !== undefined) return cached;
  const payload = encode(event);
  if (Object.isExtensible(event)) Object.defineProperty(event, PAYLOAD, { value: payload });
  return payload;
};

/** The contract's fields before `headers`, in the contract's order. */
const leadingFields = (event: PublishedEslEvent) => ({
  node: event.node,
  name: event.name,
  subclass: event.subclass,
  sequence: event.sequence,
  coreUuid: event.coreUuid,
  uniqueId: event.uniqueId,
  timestamp: event.timestamp,
});

const encode = (event: PublishedEslEvent): Buffer => {
  const source = sourceJsonOf(event);
  if (source === undefined) return Buffer.from(JSON.stringify({ ...leadingFields(event), headers: event.headers, body: event.body }));
  const head = Buffer.from(JSON.stringify(leadingFields(event)).slice(0, -1)); // without its closing brace
  return source.body === undefined
    ? Buffer.concat([head, HEADERS_MEMBER, source.headers, CLOSE])
    : Buffer.concat([head, HEADERS_MEMBER, source.headers, BODY_MEMBER, source.body, CLOSE]);
};

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
