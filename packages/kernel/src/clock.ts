/** An instant as ISO-8601 UTC with exactly six fractional digits: `2026-11-26T02:08:09.123456Z`. */
export type Instant = string & { readonly __instant: unique symbol };

/** The clock port: domain code never reads the time itself; it gets `now` in command metadata. */
export interface Clock {
  now(): Instant;
}

const INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\.(\d{6})Z$/;

// The date and time to the second of the last instant formatted: instants come in bursts within
// one second, so most are its fractional digits appended to this.
let lastSecond = Number.NaN;
let lastSecondText = '';

/** Formats microseconds since the epoch as an Instant. */
export const instantFromEpochMicros = (micros: bigint | number): Instant => {
  const value = typeof micros === 'number' ? micros : Number(micros);
  if (!Number.isSafeInteger(value)) return instantFromLargeMicros(BigInt(micros));
  const second = Math.floor(value / 1_000_000);
  if (second !== lastSecond) {
    const iso = new Date(second * 1000).toISOString(); // …ss.000Z
    lastSecondText = iso.slice(0, -5);
    lastSecond = second;
  }
  return `${lastSecondText}.${String(value - second * 1_000_000).padStart(6, '0')}Z` as Instant;
};

const instantFromLargeMicros = (micros: bigint): Instant => {
  const below = micros % 1000n < 0n ? 1n : 0n; // division truncates; a date floors
  const millis = micros / 1000n - below;
  const extra = Number(((micros % 1000n) + 1000n) % 1000n);
  const iso = new Date(Number(millis)).toISOString(); // …ss.mmmZ
  return `${iso.slice(0, -1)}${String(extra).padStart(3, '0')}Z` as Instant;
};

// Reading back, the same idea: the last second parsed, as text and as microseconds since the epoch.
let lastParsedSecondText = '';
let lastParsedSecond = 0n;

/** Microseconds since the epoch of an Instant. */
export const epochMicrosOf = (instant: Instant): bigint => {
  const match = INSTANT.exec(instant);
  if (!match) throw new TypeError(`not an instant with microseconds: ${instant}`);
  const secondText = match[1]!;
  if (secondText !== lastParsedSecondText) {
    lastParsedSecond = BigInt(Date.parse(`${secondText}Z`)) * 1000n;
    lastParsedSecondText = secondText;
  }
  return lastParsedSecond + BigInt(match[2]!);
};

/** Parses a string as an Instant, normalising any ISO-8601 form with up to microsecond precision. */
export const parseInstant = (value: string): Instant => {
  if (INSTANT.test(value)) return value as Instant;
  const fraction = /\.(\d+)/.exec(value)?.[1] ?? '';
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new TypeError(`not an ISO-8601 date-time: ${value}`);
  const micros = BigInt(Math.floor(millis / 1000)) * 1_000_000n + BigInt((fraction + '000000').slice(0, 6));
  return instantFromEpochMicros(micros);
};

export const isInstant = (value: unknown): value is Instant => typeof value === 'string' && INSTANT.test(value);

/** The system clock with microsecond resolution, never going backwards within a process. */
export class SystemClock implements Clock {
  private last = 0n;

  now(): Instant {
    const micros = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
    this.last = micros > this.last ? micros : this.last + 1n;
    return instantFromEpochMicros(this.last);
  }
}

/** A clock for tests: stands still until told to move. */
export class FixedClock implements Clock {
  private micros: bigint;

  constructor(start: Instant | string = '2026-01-01T00:00:00.000000Z') {
    this.micros = epochMicrosOf(parseInstant(start));
  }

  now(): Instant {
    return instantFromEpochMicros(this.micros);
  }

  advance(micros: number | bigint): void {
    this.micros += BigInt(micros);
  }
}
