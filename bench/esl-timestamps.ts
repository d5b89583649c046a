import { epochMicrosOf, type Instant } from '@sapien/kernel';

/**
 * Emitted → here, for the ESL latencies. The stand-in stamps Event-Date-Timestamp from the wall
 * clock at emission (whole milliseconds, then +1 µs per event within one); here the wall clock
 * is read with a sub-millisecond part, so one latency is good to about a millisecond.
 */

/** The published payload's `timestamp` key (PRODUCT.md §5), found without decoding the payload. */
const TIMESTAMP_KEY = '"timestamp":"';

const microsNow = (): number => Date.now() * 1000 + (performance.now() % 1) * 1000;

/** Milliseconds since the event's `timestamp` (an instant with six fractional digits). */
export const msSinceTimestamp = (timestamp: string): number => (microsNow() - Number(epochMicrosOf(timestamp as Instant))) / 1000;

/** The same, read from a payload's bytes; `undefined` when it has no `timestamp`. */
export const msSincePayloadTimestamp = (payload: Uint8Array): number | undefined => {
  const json = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const at = json.indexOf(TIMESTAMP_KEY);
  if (at < 0) return undefined;
  const from = at + TIMESTAMP_KEY.length;
  return msSinceTimestamp(json.toString('latin1', from, json.indexOf('"', from)));
};
