import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';
import { setHeader, type EslHeaders } from './header-values.ts';

const BODY_KEY = '_body';

/**
 * Decodes a `text/event-json` body, compact or the older pretty-printed form: every value a
 * string (numbers and booleans are accepted as their text, null as ''), arrays as arrays, the
 * event body under `_body`. Returns the error instead of throwing.
 */
export function parseJsonEvent(bytes: Buffer): EslEvent | EslProtocolError {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    return new EslProtocolError('bad_event_json', 'an event-json body is not valid JSON', {}, { cause });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return new EslProtocolError('bad_event_json', 'an event-json body is not a JSON object');
  }
  // The parsed object is ours: normalise it in place rather than copy ~100 properties.
  const record = data as Record<string, unknown>;
  const headers = record as EslHeaders;
  let body: string | undefined;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string') {
      if (key === BODY_KEY) body = value;
      else if (value === '_undef_') setHeader<string | string[]>(headers, key, '');
      continue;
    }
    const text = Array.isArray(value) ? arrayItems(value) : scalarText(value);
    if (text === undefined) {
      return new EslProtocolError('bad_event_json', `event-json header "${key}" is neither a string nor an array of strings`);
    }
    if (key === BODY_KEY) {
      if (typeof text !== 'string') return new EslProtocolError('bad_event_json', 'event-json "_body" is an array');
      body = text;
    } else {
      setHeader(headers, key, text);
    }
  }
  if (body === undefined) return { headers };
  delete record[BODY_KEY];
  return { headers, body };
}

function scalarText(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function arrayItems(values: readonly unknown[]): string[] | undefined {
  const items: string[] = [];
  for (const value of values) {
    const text = typeof value === 'string' ? value : scalarText(value);
    if (text === undefined) return undefined;
    items.push(text);
  }
  return items;
}
