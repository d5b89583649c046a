import { eventJson, headerText, type EslEvent, type EventJson } from '@sapien/esl-protocol';
import { instantFromEpochMicros } from '@sapien/kernel';
import type { PublishedEslEvent } from '../hub.ts';

const DIGITS = /^\d+$/;

// The JSON an event came in, riding on its published form where neither JSON, spreads nor deep
// equality see it.
const SOURCE_JSON = Symbol('source event-json');

/** The JSON FreeSWITCH sent for the event, when it came compact: its headers and body as they are. */
export const sourceJsonOf = (event: PublishedEslEvent): EventJson | undefined => (event as { [SOURCE_JSON]?: EventJson })[SOURCE_JSON];

/**
 * An event as published (PRODUCT.md §5). FreeSWITCH always sends Event-Sequence and Core-UUID;
 * without them the event still goes out, with sequence 0 and an empty Core-UUID.
 */
export function toPublishedEvent(event: EslEvent, node: string, now: () => string): PublishedEslEvent {
  const name = headerText(event, 'Event-Name') ?? '';
  const subclass = name === 'CUSTOM' ? headerText(event, 'Event-Subclass') : undefined;
  const sequenceText = headerText(event, 'Event-Sequence');
  const uniqueId = headerText(event, 'Unique-ID');
  const published: { -readonly [K in keyof PublishedEslEvent]: PublishedEslEvent[K] } = {
    node,
    name,
    ...(subclass === undefined ? {} : { subclass }),
    sequence: sequenceText !== undefined && DIGITS.test(sequenceText) ? Number(sequenceText) : 0,
    coreUuid: headerText(event, 'Core-UUID') ?? '',
    ...(uniqueId === undefined || uniqueId === '' ? {} : { uniqueId }),
    timestamp: eventTimestamp(event) ?? now(),
    headers: {},
  };
  const json = eventJson(event);
  if (json === undefined) {
    published.headers = event.headers;
    if (event.body !== undefined) published.body = event.body;
    return published;
  }
  // A compact json event is published as it came: its headers decode only if someone reads them.
  Object.defineProperty(published, 'headers', { get: () => event.headers, enumerable: true });
  if (json.body !== undefined) Object.defineProperty(published, 'body', { get: () => event.body, enumerable: true });
  Object.defineProperty(published, SOURCE_JSON, { value: json });
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
