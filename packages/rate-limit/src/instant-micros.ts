import { epochMicrosOf, isInstant, type Instant } from '@sapien/kernel';

let lastInstant: Instant | undefined;
let lastMicros = 0n;
let lastSecond = '';
let lastSecondMicros = 0n;

/**
 * `epochMicrosOf` for the request path, where it ran twice per request and parsed a date each
 * time: the last answer is remembered (a request's settings lookup and its count get the same
 * `now`), and so is the last whole second, so within it only the six fraction digits are read.
 */
export const microsOf = (instant: Instant): bigint => {
  if (instant === lastInstant) return lastMicros;
  if (!isInstant(instant)) return epochMicrosOf(instant); // throws the usual error
  const second = instant.slice(0, 19); // YYYY-MM-DDTHH:MM:SS
  if (second !== lastSecond) {
    lastSecondMicros = epochMicrosOf(`${second}.000000Z` as Instant);
    lastSecond = second;
  }
  lastMicros = lastSecondMicros + BigInt(instant.slice(20, 26));
  lastInstant = instant;
  return lastMicros;
};
