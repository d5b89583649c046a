/**
 * Emitted → here, for the ESL latencies. The stand-in stamps Event-Date-Timestamp from the wall
 * clock at emission (whole milliseconds, then +1 µs per event within one); here the wall clock
 * is read with a sub-millisecond part, so one latency is good to about a millisecond.
 */

/** The published payload's `timestamp` key (PRODUCT.md §5), found without decoding the payload. */
const TIMESTAMP_KEY = '"timestamp":"';

const microsNow = (): number => Date.now() * 1000 + (performance.now() % 1) * 1000;

// Measured on every event in the listener's own process, so kept cheap: the date and time to the
// second (`2026-11-26T13:29:05`) parse once per second, the fraction digit by digit.
const SECOND_PREFIX = 19;
let lastPrefix = '';
let lastPrefixMicros = 0;
const DIGIT_ZERO = 0x30;

/** An instant with six fractional digits, in µs since the epoch. */
export const timestampMicros = (iso: string): number => {
  const prefix = iso.slice(0, SECOND_PREFIX);
  if (prefix !== lastPrefix) {
    lastPrefix = prefix;
    lastPrefixMicros = Date.parse(`${prefix}Z`) * 1000;
  }
  let fraction = 0;
  for (let i = SECOND_PREFIX + 1; i < SECOND_PREFIX + 7; i++) {
    const digit = iso.charCodeAt(i) - DIGIT_ZERO;
    fraction = fraction * 10 + (digit >= 0 && digit <= 9 ? digit : 0);
  }
  return lastPrefixMicros + fraction;
};

/** Milliseconds since the event's `timestamp` (an instant with six fractional digits). */
export const msSinceTimestamp = (timestamp: string): number => (microsNow() - timestampMicros(timestamp)) / 1000;

/** The same, read from a payload's bytes; `undefined` when it has no `timestamp`. */
export const msSincePayloadTimestamp = (payload: Uint8Array): number | undefined => {
  const json = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const at = json.indexOf(TIMESTAMP_KEY);
  if (at < 0) return undefined;
  const from = at + TIMESTAMP_KEY.length;
  return msSinceTimestamp(json.toString('latin1', from, json.indexOf('"', from)));
};
