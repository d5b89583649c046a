import type { EslEvent } from './event.ts';
import { checkHeader, encodeFrame } from './frame-encoder.ts';
import { headerValueText, setHeader } from './header-values.ts';
import { percentEncode } from './percent.ts';

// Written from the body, never taken from the headers: a stale one would misframe the body.
const CONTENT_LENGTH = 'Content-Length';
const BODY_KEY = '_body';

/**
 * The `text/event-plain` body FreeSWITCH writes: every value percent-encoded, arrays as
 * `ARRAY::a|:b`, and an event body after `Content-Length: n` and a blank line.
 */
export function encodePlainEvent(event: EslEvent): Buffer {
  let text = '';
  for (const [name, value] of Object.entries(event.headers)) {
    if (name === CONTENT_LENGTH) continue;
    const encoded = percentEncode(headerValueText(value));
    checkHeader(name, encoded);
    text += `${name}: ${encoded}\n`;
  }
  if (event.body === undefined) return Buffer.from(text + '\n', 'utf8');
  const body = Buffer.from(event.body, 'utf8');
  return Buffer.concat([Buffer.from(`${text}${CONTENT_LENGTH}: ${body.length}\n\n`, 'utf8'), body]);
}

/** The compact `text/event-json` body FreeSWITCH writes, the event body under `_body`. */
export function encodeJsonEvent(event: EslEvent): Buffer {
  const data: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(event.headers)) {
    if (name !== CONTENT_LENGTH && name !== BODY_KEY) setHeader(data, name, value);
  }
  if (event.body !== undefined) {
    data[CONTENT_LENGTH] = String(Buffer.byteLength(event.body, 'utf8'));
    data[BODY_KEY] = event.body;
  }
  return Buffer.from(JSON.stringify(data), 'utf8');
}

/** A whole event frame as FreeSWITCH sends it: `Content-Length`, `Content-Type`, the event body. */
export function encodeEventFrame(event: EslEvent, format: 'plain' | 'json'): Buffer {
  const body = format === 'json' ? encodeJsonEvent(event) : encodePlainEvent(event);
  return encodeFrame(
    [
      [CONTENT_LENGTH, ''],
      ['Content-Type', `text/event-${format}`],
    ],
    body,
  );
}
