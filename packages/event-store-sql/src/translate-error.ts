import { EventStoreUnavailable } from '@sapien/event-store';
import { SapienError } from '@sapien/kernel';

// Network failures, PostgreSQL connection/shutdown/resource classes, SQLite lock and I/O errors.
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'EHOSTUNREACH']);
const TRANSIENT_CODE_PREFIXES = ['08', '53', '57P', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR', 'SQLITE_FULL'];

const codeOf = (error: object): string | undefined => {
  const code = 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** Whether a driver error means the store could not be reached or is overloaded, so a retry may work. */
export const isTransient = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (code !== undefined && (TRANSIENT_CODES.has(code) || TRANSIENT_CODE_PREFIXES.some((prefix) => code.startsWith(prefix)))) return true;
  if (error.name === 'KnexTimeoutError') return true;
  if (/Connection terminated/i.test(error.message)) return true;
  return error instanceof AggregateError && error.errors.some(isTransient);
};

/** Translates driver errors at the seam: Sapien errors pass, transient ones become EventStoreUnavailable. */
export const translateError = (error: unknown): unknown => {
  if (error instanceof SapienError || !isTransient(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new EventStoreUnavailable(`the event store is unavailable: ${message}`, { cause: error });
};

/** A unique-key violation (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY). */
export const isUniqueViolation = (error: unknown): boolean => {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};
