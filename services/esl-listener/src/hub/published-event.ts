import { headerText, type EslEvent } from '@sapien/esl-protocol';
import { instantFromEpochMicros } from '@sapien/kernel';
import type { PublishedEslEvent } from '../hub.ts';

const DIGITS = /^\d+$/;

/**
 * An event as published (PRODUCT.md §5). FreeSWITCH always sends Event-Sequence and Core-UUID;
 * without them the event still goes out, with sequence 0 and an empty Core-UUID.
 */
export function toPublishedEvent(event: EslEvent, node: string, now: () => string): PublishedEslEvent {
  const name = headerText(event, 'Event-Name') ?? '';
  const subclass = name === 'CUSTOM' ? headerText(event, 'Event-Subclass') : undefined;
  const sequenceText = headerText(event, 'Event-Sequence');
  const uniqueId = headerText(event, 'Unique-ID');
  return {
    node,
    name,
    ...(subclass === undefined ? {} : { subclass }),
    sequence: sequenceText !== undefined && DIGITS.test(sequenceText) ? Number(sequenceText) : 0,
    coreUuid: headerText(event, 'Core-UUID') ?? '',
    ...(uniqueId === undefined || uniqueId === '' ? {} : { uniqueId }),
    timestamp: eventTimestamp(event) ?? now(),
    headers: event.headers,
    ...(event.body === undefined ? {} : { body: event.body }),
  };
}

/** Event-Date-Timestamp (µs since the epoch), else Event-Date-GMT (whole seconds). */
function eventTimestamp(event: EslEvent): string | undefined {
  const micros = headerText(event, 'Event-Date-Timestamp');
  if (micros !== undefined && DIGITS.test(micros)) return instantFromEpochMicros(BigInt(micros));
  const gmt = headerText(event, 'Event-Date-GMT');
  const millis = gmt === undefined ? Number.NaN : Date.parse(gmt);
  return Number.isNaN(millis) ? undefined : instantFromEpochMicros(BigInt(millis) * 1000n);
}
