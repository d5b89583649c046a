import { isUuid, ValidationError } from '@sapien/kernel';
import type { Knex } from 'knex';
import type { Dialect } from './store.ts';

/**
 * A UUID column (the seed's UuidType). PostgreSQL: the native `uuid` type. SQLite: the canonical
 * lowercase text form (36 characters) rather than a 16-byte blob, because query clients read the
 * read-model database directly: text is what they write in a WHERE clause and see in any tool, and
 * lowercase hex sorts exactly as the 16 bytes do, so time-ordered v7 ids keep their order.
 */
export const uuidColumn = (table: Knex.CreateTableBuilder, name: string, dialect: Dialect): Knex.ColumnBuilder =>
  dialect === 'postgres' ? table.uuid(name) : table.specificType(name, 'text').checkLength('=', 36);

/** The stored form of a UUID on either dialect: canonical lowercase text; throws on anything else. */
export const toDbUuid = (id: string): string => {
  if (!isUuid(id)) throw new ValidationError(`not a UUID: ${JSON.stringify(id)}`);
  return id.toLowerCase();
};

const HEX = /^[0-9a-f]{32}$/u;

/** A UUID read back: lowercase canonical text (also accepts 16 raw bytes, as other tools may store). */
export const fromDbUuid = (value: unknown): string => {
  if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
  if (value instanceof Uint8Array && value.length === 16) {
    const hex = Buffer.from(value).toString('hex');
    if (HEX.test(hex)) return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new TypeError(`not a stored UUID: ${String(value)}`);
};
