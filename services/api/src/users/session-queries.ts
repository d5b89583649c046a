import type { Instant } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { fromDbPkDateTime, fromDbUuid } from '@sapien/read-model-sql';
import { SESSION_ACTIVITY_TABLE } from '@sapien/users';
import type { Page, PageRequest } from './user-queries.ts';

/** The public read model of API sessions, built by the `sessions` projection. */
export const SESSIONS_TABLE = 'Org.Sessions';

export type SessionView = Readonly<{
  sessionId: string;
  orgId: number;
  userId: string;
  clientId: string;
  status: string;
  endReason: string | null;
  startedAt: Instant;
  revokedAt: Instant | null;
  lastActivityAt: Instant | null;
}>;

export type SessionFilter = PageRequest & Readonly<{ userId?: string; status?: 'active' | 'revoked' }>;

/** Reads sessions of one org from `Org.Sessions`, with their last activity from `Org.SessionActivity`. */
export class SessionQueries {
  constructor(private readonly readModels: ReadModelStore) {}

  async list(orgId: number, { after, limit, userId, status }: SessionFilter): Promise<Page<SessionView>> {
    const { db, dialect } = this.readModels;
    const query = db(`${SESSIONS_TABLE} as s`)
      .leftJoin(`${SESSION_ACTIVITY_TABLE} as a`, 'a.SessionId', 's.SessionId')
      .select('s.SessionId', 's.OrgId', 's.UserId', 's.ClientId', 's.Status', 's.EndReason', 's.StartedAt', 's.RevokedAt', 'a.LastActivityAt')
      .where('s.OrgId', orgId)
      .orderBy('s.SessionId')
      .limit(limit);
    if (after !== undefined) query.andWhere('s.SessionId', '>', after.toLowerCase());
    if (userId !== undefined) query.andWhere('s.UserId', userId.toLowerCase());
    if (status !== undefined) query.andWhere('s.Status', status);
    const rows: Record<string, unknown>[] = await query;
    const optionalTime = (value: unknown): Instant | null => (value === null || value === undefined ? null : fromDbPkDateTime(value, dialect));
    const items = rows.map((row) => ({
      sessionId: fromDbUuid(row.SessionId),
      orgId: Number(row.OrgId),
      userId: fromDbUuid(row.UserId),
      clientId: String(row.ClientId),
      status: String(row.Status),
      endReason: row.EndReason === null || row.EndReason === undefined ? null : String(row.EndReason),
      startedAt: fromDbPkDateTime(row.StartedAt, dialect),
      revokedAt: optionalTime(row.RevokedAt),
      lastActivityAt: optionalTime(row.LastActivityAt),
    }));
    return { items, next: items.length === limit ? (items.at(-1)?.sessionId ?? null) : null };
  }
}
