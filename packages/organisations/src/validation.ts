import { ValidationError } from '@sapien/kernel';
import { MAX_RATE_LIMIT, MAX_RATE_LIMIT_WINDOW_SECONDS } from './rate-limit.ts';

/** Org ids fit a signed 32-bit column on every read-model dialect. */
export const MAX_ORG_ID = 2_147_483_647;
export const MAX_ORG_NAME_LENGTH = 200;

const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

export const validateOrgId = (value: unknown, field = 'orgId'): number => {
  if (!isIntegerIn(value, 1, MAX_ORG_ID)) {
    throw new ValidationError(`${field} must be an integer from 1 to ${MAX_ORG_ID}`, field);
  }
  return value;
};

/** A name is trimmed, non-empty, at most 200 characters and free of control characters. */
export const validateOrgName = (value: unknown, field = 'name'): string => {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, field);
  const name = value.trim();
  if (name.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if (name.length > MAX_ORG_NAME_LENGTH) {
    throw new ValidationError(`${field} must be at most ${MAX_ORG_NAME_LENGTH} characters`, field);
  }
  // By code point: a regex of control characters is what lint rules (rightly) distrust.
  if ([...name].some((char) => (char.codePointAt(0) ?? 0) < 0x20 || char === '\u007f')) {
    throw new ValidationError(`${field} must not contain control characters`, field);
  }
  return name;
};

export const validateRateLimit = (limit: unknown, windowSeconds: unknown, prefix = ''): void => {
  if (!isIntegerIn(limit, 1, MAX_RATE_LIMIT)) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_RATE_LIMIT}`, `${prefix}limit`);
  }
  if (!isIntegerIn(windowSeconds, 1, MAX_RATE_LIMIT_WINDOW_SECONDS)) {
    throw new ValidationError(
      `windowSeconds must be an integer from 1 to ${MAX_RATE_LIMIT_WINDOW_SECONDS}`,
      `${prefix}windowSeconds`,
    );
  }
};
