import { epochMicrosOf, type Instant } from '@sapien/kernel';

/**
 * Emitted → here, for the ESL latencies. The stand-in stamps Event-Date-Timestamp from the wall
 * clock at emission in microseconds (`performance.timeOrigin + performance.now()`, +1 µs when
 * two events would share one); here the wall clock is read the same way, so both ends agree to
 * within the clocks' drift since their processes started.
 */

/** The published payload's `timestamp` key (PRODUCT.md §5), found without decoding the payload. */
const TIMESTAMP_KEY = '"timestamp":"';

const microsNow = (): number => (performance.timeOrigin + performance.now()) * 1000;

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
