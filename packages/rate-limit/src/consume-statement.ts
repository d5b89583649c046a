import { quoteTableName } from '@sapien/read-model-sql';

/**
 * One request counted in ONE statement, so concurrent API processes cannot both read "one left"
 * and both pass: the row lock (PostgreSQL) or the write lock (SQLite ≥ 3.35, for RETURNING)
 * serialises them. A window that has ended (`WindowStart <= now - w`) restarts at `now` with count
 * 1; otherwise the count goes up, but stops at limit + 1 so a flood cannot grow it without bound.
 * Expressions in SET all read the row as it was before the update, on both dialects.
 *
 * Bindings: orgId, now, now (UpdatedAt), expiredBefore, expiredBefore, limit.
 */
export const consumeStatement = (table: string): string => `
  insert into ${quoteTableName(table)} as "stored" ("OrgId", "WindowStart", "RequestCount", "UpdatedAt")
  values (?, ?, 1, ?)
  on conflict ("OrgId") do update set
    "WindowStart" = case when "stored"."WindowStart" <= ? then excluded."WindowStart" else "stored"."WindowStart" end,
    "RequestCount" = case
      when "stored"."WindowStart" <= ? then 1
      when "stored"."RequestCount" > ? then "stored"."RequestCount"
      else "stored"."RequestCount" + 1
    end,
    "UpdatedAt" = excluded."UpdatedAt"
  returning "WindowStart" as "windowStart", "RequestCount" as "requestCount"`;
