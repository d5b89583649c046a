import { eventJson, headerText, type EslEvent, type EventJson } from '@sapien/esl-protocol';
import { instantFromEpochMicros } from '@sapien/kernel';
import type { PublishedEslEvent } from '../hub.ts';

const DIGITS = /^\d+$/;

// The event a compact json event was published from, and its JSON, riding on its published form
// where neither JSON, spreads nor deep equality see them.
const SOURCE = Symbol('source event');
type Source = Readonly<{ event: EslEvent; json: EventJson }>;
type Sourced = PublishedEslEvent & { readonly [SOURCE]?: Source };

/** The JSON FreeSWITCH sent for the event, when it came compact: its headers and body as they are. */
export const sourceJsonOf = (event: PublishedEslEvent): EventJson | undefined => (event as Sourced)[SOURCE]?.json;

// One getter each for every published event, reading the event it came from: no function and no
// closure per event.
function sourceHeaders(this: Sourced): PublishedEslEvent['headers'] {
  return this[SOURCE]!.event.headers;
}
function sourceBody(this: Sourced): PublishedEslEvent['body'] {
  return this[SOURCE]!.event.body;
}
const HEADERS_FROM_SOURCE: PropertyDescriptor = { get: sourceHeaders, enumerable: true };
const BODY_FROM_SOURCE: PropertyDescriptor = { get: sourceBody, enumerable: true };

type Building = { -readonly [K in keyof PublishedEslEvent]: PublishedEslEvent[K] };

/**
 * An event as published (PRODUCT.md §5). FreeSWITCH always sends Event-Sequence and Core-UUID;
 * without them the event still goes out, with sequence 0 and an empty Core-UUID.
 */
export function toPublishedEvent(event: EslEvent, node: string, now: () => string): PublishedEslEvent {
  const name = headerText(event, 'Event-Name') ?? '';
  // Fields in the contract's order; the optional ones only when present.
  const published = { node, name } as Building;
  if (name === 'CUSTOM') {
    const subclass = headerText(event, 'Event-Subclass');
    if (subclass !== undefined) published.subclass = subclass;
  }
  const sequenceText = headerText(event, 'Event-Sequence');
  published.sequence = sequenceText !== undefined && DIGITS.test(sequenceText) ? Number(sequenceText) : 0;
  published.coreUuid = headerText(event, 'Core-UUID') ?? '';
  const uniqueId = headerText(event, 'Unique-ID');
  if (uniqueId !== undefined && uniqueId !== '') published.uniqueId = uniqueId;
  published.timestamp = eventTimestamp(event) ?? now();
  const json = eventJson(event);
  if (json === undefined) {
    published.headers = event.headers;
    if (event.body !== undefined) published.body = event.body;
    return published;
  }
  // A compact json event is published as it came: its headers decode only if someone reads them.
  Object.defineProperty(published, SOURCE, { value: { event, json } satisfies Source });
  Object.defineProperty(published, 'headers', HEADERS_FROM_SOURCE);
  if (json.body !== undefined) Object.defineProperty(published, 'body', BODY_FROM_SOURCE);
  return published;
}

/** Event-Date-Timestamp (µs since the epoch), else Event-Date-GMT (whole seconds). */
function eventTimestamp(event: EslEvent): string | undefined {
  const micros = headerText(event, 'Event-Date-Timestamp');
  if (micros !== undefined && DIGITS.test(micros)) {
    const value = Number(micros);
    return instantFromEpochMicros(Number.isSafeInteger(value) ? value : BigInt(micros));
  }
  const gmt = headerText(event, 'Event-Date-GMT');
  const millis = gmt === undefined ? Number.NaN : Date.parse(gmt);
  return Number.isNaN(millis) ? undefined : instantFromEpochMicros(BigInt(millis) * 1000n);
}
