import { instantFromEpochMicros, isInstant } from '@sapien/kernel';
import type { Instant } from '@sapien/kernel';
import type { Knex } from 'knex';
import type { Dialect } from './store.ts';

/** `YYYY-MM-DDTHH:MM:SS.ffffffZ`: fixed width, so text order is time order. */
const SQLITE_WIDTH = 27;

/**
 * A microsecond date-time usable as a primary key (the seed's PrimaryKeyDateTimeType).
 * PostgreSQL: `timestamp(6) with time zone`. SQLite (no date type): the Instant's own text,
 * `YYYY-MM-DDTHH:MM:SS.ffffffZ`, which keeps microseconds and sorts correctly as text.
 */
export const pkDateTimeColumn = (table: Knex.CreateTableBuilder, name: string, dialect: Dialect): Knex.ColumnBuilder =>
  dialect === 'postgres'
    ? table.timestamp(name, { useTz: true, precision: 6 })
    : table.specificType(name, 'text').checkLength('=', SQLITE_WIDTH);

/** The value to write: the Instant's text on both dialects (PostgreSQL parses ISO-8601 with microseconds). */
export const toDbPkDateTime = (instant: Instant, _dialect: Dialect): string => {
  if (!isInstant(instant)) throw new TypeError(`not an instant with microseconds: ${String(instant)}`);
  return instant;
};

/** PostgreSQL's text output of timestamp(6) [with time zone]: `2026-01-01 00:00:00.123456+00`. */
const PG_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::?\d{2}){0,2})?$/u;

const OFFSET = /^([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/u;

const offsetMicros = (offset: string | undefined): bigint => {
  if (offset === undefined || offset === 'Z') return 0n;
  const match = OFFSET.exec(offset);
  if (!match) throw new TypeError(`not a UTC offset: ${offset}`);
  const seconds = BigInt(match[2] ?? '0') * 3600n + BigInt(match[3] ?? '0') * 60n + BigInt(match[4] ?? '0');
  return (match[1] === '-' ? -1n : 1n) * seconds * 1_000_000n;
};

const parsePostgres = (value: string): Instant => {
  const match = PG_TIMESTAMP.exec(value);
  if (!match) throw new TypeError(`not a PostgreSQL timestamp: ${value}`);
  const seconds = BigInt(Date.parse(`${match[1]}T${match[2]}Z`)) / 1000n;
  const fraction = BigInt((match[3] ?? '').padEnd(6, '0'));
  return instantFromEpochMicros(seconds * 1_000_000n + fraction - offsetMicros(match[4]));
};

/**
 * A stored date-time read back as an Instant. The store's PostgreSQL connections return date-times
 * as text; a JS Date (milliseconds only) is refused rather than silently losing microseconds.
 */
export const fromDbPkDateTime = (value: unknown, dialect: Dialect): Instant => {
  if (typeof value !== 'string') {
    throw new TypeError(`expected a date-time as text (open the store with openReadModelStore), got ${String(value)}`);
  }
  if (isInstant(value)) return value;
  if (dialect === 'postgres') return parsePostgres(value);
  throw new TypeError(`not a stored instant: ${value}`);
};
