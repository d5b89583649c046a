import { NotFoundError, type Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime, fromDbUuid } from '@sapien/read-model-sql';

/** The public read model of users, built by the `users` projection (never holds a credential). */
export const USERS_TABLE = 'Org.Users';

export type UserView = Readonly<{
  userId: string;
  orgId: number;
  login: string;
  displayName: string | null;
  roles: readonly string[];
  ssoEnabled: boolean;
  mfaEnabled: boolean;
  recoveryCodesLeft: number;
  lockedUntil: Instant | null;
  lastLoginAt: Instant | null;
  passwordChangedAt: Instant;
  createdAt: Instant;
  updatedAt: Instant;
}>;

export type Page<T> = Readonly<{ items: readonly T[]; next: string | null }>;

export type PageRequest = Readonly<{ after?: string; limit: number }>;

const COLUMNS = [
  'UserId',
  'OrgId',
  'Login',
  'DisplayName',
  'Roles',
  'SsoEnabled',
  'MfaEnabled',
  'RecoveryCodesLeft',
  'LockedUntil',
  'LastLoginAt',
  'PasswordChangedAt',
  'CreatedAt',
  'UpdatedAt',
];

/** SQLite keeps booleans as 0 and 1. */
const toBoolean = (value: unknown): boolean => value === true || value === 1 || value === '1';

/** Reads users from `Org.Users`, only ever within one org. */
export class UserQueries {
  constructor(private readonly readModels: ReadModelStore) {}

  async list(orgId: number, { after, limit }: PageRequest): Promise<Page<UserView>> {
    const query = this.readModels.db(USERS_TABLE).select(COLUMNS).where('OrgId', orgId).orderBy('UserId').limit(limit);
    if (after !== undefined) query.andWhere('UserId', '>', after.toLowerCase());
    const rows: Record<string, unknown>[] = await query;
    const items = rows.map((row) => this.view(row));
    return { items, next: items.length === limit ? (items.at(-1)?.userId ?? null) : null };
  }

  async get(orgId: number, userId: string): Promise<UserView> {
    const row: Record<string, unknown> | undefined = await this.readModels
      .db(USERS_TABLE)
      .select(COLUMNS)
      .where({ OrgId: orgId, UserId: userId.toLowerCase() })
      .first();
    if (!row) throw new NotFoundError('user', userId);
    return this.view(row);
  }

  private view(row: Record<string, unknown>): UserView {
    const { dialect } = this.readModels;
    const time = (value: unknown): Instant => fromDbPkDateTime(value, dialect);
    const optionalTime = (value: unknown): Instant | null => (value === null || value === undefined ? null : time(value));
    return {
      userId: fromDbUuid(row.UserId),
      orgId: Number(row.OrgId),
      login: String(row.Login),
      displayName: row.DisplayName === null || row.DisplayName === undefined ? null : String(row.DisplayName),
      roles: String(row.Roles).split(',').filter(Boolean),
      ssoEnabled: toBoolean(row.SsoEnabled),
      mfaEnabled: toBoolean(row.MfaEnabled),
      recoveryCodesLeft: Number(row.RecoveryCodesLeft),
      lockedUntil: optionalTime(row.LockedUntil),
      lastLoginAt: optionalTime(row.LastLoginAt),
      passwordChangedAt: time(row.PasswordChangedAt),
      createdAt: time(row.CreatedAt),
      updatedAt: time(row.UpdatedAt),
    };
  }
}
