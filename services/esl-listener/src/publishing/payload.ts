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

/** The fields an event is sent by: its subject and `Nats-Msg-Id` come from these alone. */
export type EslEventIdentity = Pick<PublishedEslEvent, 'node' | 'name' | 'subclass' | 'sequence' | 'coreUuid'>;

const isIdentity = (value: unknown): value is EslEventIdentity & Readonly<{ timestamp: string }> => {
  if (!isRecord(value)) return false;
  const { node, name, subclass, sequence, coreUuid, uniqueId, timestamp } = value;
  return (
    typeof node === 'string' && typeof name === 'string' && typeof coreUuid === 'string' && typeof sequence === 'number' &&
    typeof timestamp === 'string' && optionalString(subclass) && optionalString(uniqueId)
  );
};

/**
 * The identity of an encoded payload, read from its leading fields only (the part before
 * `,"headers":`, which no string of them can hold: JSON escapes every quote inside a string),
 * without decoding its 5 KB of headers; for re-sending spooled events, whose records are
 * checksummed. `undefined` when the payload does not start as one of ours.
 */
export const eslPayloadIdentity = (payload: Uint8Array): EslEventIdentity | undefined => {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const end = bytes.indexOf(HEADERS_MEMBER);
  if (end === -1 || bytes[bytes.length - 1] !== CLOSE[0]) return undefined;
  let head: unknown;
  try {
    head = JSON.parse(`${bytes.toString('utf8', 0, end)}}`);
  } catch {
    return undefined;
  }
  if (!isIdentity(head)) return undefined;
  const { node, name, subclass, sequence, coreUuid } = head;
  return subclass === undefined ? { node, name, sequence, coreUuid } : { node, name, subclass, sequence, coreUuid };
};

/** Reads a payload back (from the spool or the stream); `undefined` when it is not one. */
export const decodeEslEventPayload = (text: string): PublishedEslEvent | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isIdentity(value)) return undefined;
  const { headers, body } = value as Readonly<{ headers?: unknown; body?: unknown }>;
  return isRecord(headers) && optionalString(body) ? (value as unknown as PublishedEslEvent) : undefined;
};
