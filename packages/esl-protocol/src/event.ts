import { scannedHeader } from './scanned-event.ts';
import type { EslHeaders } from './header-values.ts';

/** A FreeSWITCH event, whichever format it came in. */
export type EslEvent = Readonly<{
  headers: EslHeaders;
  body?: string;
}>;

/**
 * A header by name: the exact name first, then ignoring case as FreeSWITCH does. Array headers
 * come back as their items. A scanned event's identity headers are read without decoding it.
 */
export function header(event: EslEvent, name: string): string | string[] | undefined {
  const scanned = scannedHeader(event, name);
  if (scanned !== null) return scanned;
  const exact = Object.hasOwn(event.headers, name) ? event.headers[name] : undefined;
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const key of Object.keys(event.headers)) {
    if (key.toLowerCase() === lower) return event.headers[key];
  }
  return undefined;
}

/** A single-valued header: the first item when FreeSWITCH sent an array. */
export function headerText(event: EslEvent, name: string): string | undefined {
  const value = header(event, name);
  return typeof value === 'string' ? value : value?.[0];
}

/** `Event-Name`, e.g. `CHANNEL_ANSWER` or `CUSTOM`. */
export const eventName = (event: EslEvent): string | undefined => headerText(event, 'Event-Name');

/** `Event-Subclass` of a `CUSTOM` event, e.g. `sofia::register`. */
export const eventSubclass = (event: EslEvent): string | undefined => headerText(event, 'Event-Subclass');
