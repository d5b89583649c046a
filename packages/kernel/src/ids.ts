import { randomFillSync } from 'node:crypto';
import { v7, validate, version } from 'uuid';

const POOL_BYTES = 16 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * 16 random bytes from a pool refilled 256 ids at a time: asking the system for 16 bytes per id
 * (the uuid package's default) costs more than the rest of an id.
 */
const randomBytes16 = (): Uint8Array => {
  if (offset >= POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = pool.subarray(offset, offset + 16);
  offset += 16;
  return bytes;
};

// The monotonic state uuid keeps when it draws its own bytes (RFC 9562 §6.2, method 1): a random
// 31-bit counter per millisecond, incremented within it, so ids made in one process sort in order.
let lastMsecs = -Infinity;
let seq = 0;

const nextV7 = (): string => {
  const random = randomBytes16();
  const now = Date.now();
  if (now > lastMsecs) {
    seq = ((random[6] ?? 0) & 0x7f) * 0x1000000 + ((random[7] ?? 0) << 16) + ((random[8] ?? 0) << 8) + (random[9] ?? 0);
    lastMsecs = now;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMsecs += 1;
  }
  return v7({ random, msecs: lastMsecs, seq });
};

/** A new UUID v7: time-ordered, so event ids sort by creation within a process. */
export const newEventId = (): string => nextV7();

/** A new UUID v7 for anything else Sapien identifies (correlations, requests, delete requests). */
export const newId = (): string => nextV7();

export const isUuid = (value: string): boolean => validate(value);

export const isUuidV7 = (value: string): boolean => validate(value) && version(value) === 7;
