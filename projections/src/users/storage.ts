import { fromDbUuid, toDbUuid } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { LOOKUP_CHUNK, chunksOf, rowsPerInsert } from '../support/chunks.ts';
import { toNumber } from '../support/numbers.ts';
import type { RowChanges } from './fold.ts';
import type { SessionRow, UserRow } from './tables.ts';

const USER_COLUMNS = 14;
const SESSION_COLUMNS = 9;
/** What an event can change; keys, owners and creation times never change. */
const USER_MUTABLE = [
  'DisplayName',
  'Roles',
  'SsoEnabled',
  'MfaEnabled',
  'RecoveryCodesLeft',
  'LockedUntil',
  'LastLoginAt',
  'PasswordChangedAt',
  'UpdatedAt',
  'LastEventPosition',
];
const SESSION_MUTABLE = ['Status', 'EndReason', 'RevokedAt', 'LastEventPosition'];

/** SQLite stores booleans as 0 and 1. */
const toBoolean = (value: unknown): boolean => value === true || value === 1 || value === '1';
const toText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

const loadRows = async <Row>(
  trx: Knex.Transaction,
  table: string,
  key: string,
  ids: readonly string[],
  read: (row: Record<string, unknown>) => Row,
): Promise<Map<string, Row>> => {
  const rows = new Map<string, Row>();
  for (const chunk of chunksOf(ids.map(toDbUuid), LOOKUP_CHUNK)) {
    const found: Record<string, unknown>[] = await trx(table).select('*').whereIn(key, chunk);
    for (const row of found) rows.set(fromDbUuid(row[key]), read(row));
  }
  return rows;
};

export const loadUserRows = (trx: Knex.Transaction, table: string, userIds: readonly string[]): Promise<Map<string, UserRow>> =>
  loadRows(trx, table, 'UserId', userIds, (row) => ({
    UserId: fromDbUuid(row.UserId),
    OrgId: toNumber(row.OrgId),
    Login: String(row.Login),
    DisplayName: toText(row.DisplayName),
    Roles: String(row.Roles),
    SsoEnabled: toBoolean(row.SsoEnabled),
    MfaEnabled: toBoolean(row.MfaEnabled),
    RecoveryCodesLeft: toNumber(row.RecoveryCodesLeft),
    LockedUntil: row.LockedUntil ?? null,
    LastLoginAt: row.LastLoginAt ?? null,
    PasswordChangedAt: row.PasswordChangedAt,
    CreatedAt: row.CreatedAt,
    UpdatedAt: row.UpdatedAt,
    LastEventPosition: toNumber(row.LastEventPosition),
  }));

export const loadSessionRows = (trx: Knex.Transaction, table: string, sessionIds: readonly string[]): Promise<Map<string, SessionRow>> =>
  loadRows(trx, table, 'SessionId', sessionIds, (row) => ({
    SessionId: fromDbUuid(row.SessionId),
    OrgId: toNumber(row.OrgId),
    UserId: fromDbUuid(row.UserId),
    ClientId: String(row.ClientId),
    Status: String(row.Status),
    EndReason: toText(row.EndReason),
    StartedAt: row.StartedAt,
    RevokedAt: row.RevokedAt ?? null,
    LastEventPosition: toNumber(row.LastEventPosition),
  }));

/**
 * New rows in multi-row inserts (a row that appeared meanwhile is left alone, as a creation of an
 * existing key changes nothing), changed rows in multi-row upserts.
 */
const writeRows = async <Row extends object>(
  trx: Knex.Transaction,
  table: string,
  key: string,
  columns: number,
  mutable: readonly string[],
  { created, updated }: RowChanges<Row>,
): Promise<void> => {
  for (const chunk of chunksOf(created, rowsPerInsert(columns))) await trx(table).insert(chunk).onConflict(key).ignore();
  for (const chunk of chunksOf(updated, rowsPerInsert(columns))) await trx(table).insert(chunk).onConflict(key).merge([...mutable]);
};

export const writeUserRows = (trx: Knex.Transaction, table: string, changes: RowChanges<UserRow>): Promise<void> =>
  writeRows(trx, table, 'UserId', USER_COLUMNS, USER_MUTABLE, changes);

export const writeSessionRows = (trx: Knex.Transaction, table: string, changes: RowChanges<SessionRow>): Promise<void> =>
  writeRows(trx, table, 'SessionId', SESSION_COLUMNS, SESSION_MUTABLE, changes);
