import type { Dialect } from '@sapien/read-model-sql';
import { createQualifiedTableIfMissing, pkDateTimeColumn, uuidColumn } from '@sapien/read-model-sql';
import type { Knex } from 'knex';
import { indexName } from '../support/index-name.ts';

export const USERS_TABLE = 'Org.Users';
export const SESSIONS_TABLE = 'Org.Sessions';

/**
 * A row of `Org.Users`. Credentials never reach it: the password hash, the sealed TOTP secret and
 * the recovery code hashes stay in the user's stream. Date-times are kept as read and written back
 * untouched; `Roles` is the sorted roles joined by commas.
 */
export type UserRow = Readonly<{
  UserId: string;
  OrgId: number;
  Login: string;
  DisplayName: string | null;
  Roles: string;
  SsoEnabled: boolean;
  MfaEnabled: boolean;
  RecoveryCodesLeft: number;
  LockedUntil: unknown;
  LastLoginAt: unknown;
  PasswordChangedAt: unknown;
  CreatedAt: unknown;
  UpdatedAt: unknown;
  LastEventPosition: number;
}>;

export type SessionRow = Readonly<{
  SessionId: string;
  OrgId: number;
  UserId: string;
  ClientId: string;
  Status: string;
  EndReason: string | null;
  StartedAt: unknown;
  RevokedAt: unknown;
  LastEventPosition: number;
}>;

/** Creates `Org.Users` under its physical name when missing. */
export const createUsersTable = async (db: Knex, dialect: Dialect, name: string): Promise<void> => {
  await createQualifiedTableIfMissing(db, dialect, name, (table) => {
    uuidColumn(table, 'UserId', dialect).notNullable().primary();
    table.integer('OrgId').notNullable();
    table.string('Login', 254).notNullable();
    table.string('DisplayName', 200).nullable();
    table.string('Roles', 200).notNullable();
    table.boolean('SsoEnabled').notNullable();
    table.boolean('MfaEnabled').notNullable();
    table.integer('RecoveryCodesLeft').notNullable();
    pkDateTimeColumn(table, 'LockedUntil', dialect).nullable();
    pkDateTimeColumn(table, 'LastLoginAt', dialect).nullable();
    pkDateTimeColumn(table, 'PasswordChangedAt', dialect).notNullable();
    pkDateTimeColumn(table, 'CreatedAt', dialect).notNullable();
    pkDateTimeColumn(table, 'UpdatedAt', dialect).notNullable();
    table.bigInteger('LastEventPosition').notNullable();
    // An org's users are listed in id (creation) order and looked up by login.
    table.index(['OrgId', 'UserId'], indexName(name, 'OrgId_UserId'));
    table.index(['OrgId', 'Login'], indexName(name, 'OrgId_Login'));
  });
};

/** Creates `Org.Sessions` under its physical name when missing; last activity is in `Org.SessionActivity`. */
export const createSessionsTable = async (db: Knex, dialect: Dialect, name: string): Promise<void> => {
  await createQualifiedTableIfMissing(db, dialect, name, (table) => {
    uuidColumn(table, 'SessionId', dialect).notNullable().primary();
    table.integer('OrgId').notNullable();
    uuidColumn(table, 'UserId', dialect).notNullable();
    table.string('ClientId', 200).notNullable();
    table.string('Status', 10).notNullable();
    table.string('EndReason', 20).nullable();
    pkDateTimeColumn(table, 'StartedAt', dialect).notNullable();
    pkDateTimeColumn(table, 'RevokedAt', dialect).nullable();
    table.bigInteger('LastEventPosition').notNullable();
    table.index(['OrgId', 'SessionId'], indexName(name, 'OrgId_SessionId'));
    table.index(['UserId'], indexName(name, 'UserId'));
  });
};
