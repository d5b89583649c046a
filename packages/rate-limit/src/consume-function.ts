/**
 * PostgreSQL: `n` requests of one org counted by ONE autocommitted statement, a call of this
 * function. It locks the org's row (`FOR UPDATE` waits for another process's call and then reads
 * what that call wrote), so two API processes can never both see "one left" and both pass; a
 * missing row is inserted (`ON CONFLICT DO NOTHING`, then locked if another process won the race).
 * It answers with the count the batch started from — 0 in a new window, else the stored count
 * capped at the limit — so the caller tells request i of the batch count `before + i`, exactly
 * what n calls of one request each would have told; the row ends as those n calls would leave it
 * (fixed-window.ts `countRequests` is the same arithmetic in TypeScript).
 *
 * Its commit is asynchronous (`synchronous_commit = off` for this transaction only): the count is
 * visible to every session at commit as usual, so the limit stays exact across processes, but the
 * call does not wait for the WAL flush. A PostgreSQL crash may forget the last fraction of a
 * second of counts — a window's counter comes back slightly low, never corrupt — which a fairness
 * guard can afford, and a request no longer pays an fsync for it.
 */
export const CONSUME_FUNCTION = '"Org"."ConsumeOrgApiRateLimit"';

export const createConsumeFunction = `
create or replace function ${CONSUME_FUNCTION}(
  p_org integer, p_now timestamptz, p_expired_before timestamptz, p_n integer, p_limit integer)
returns table (window_start timestamptz, request_count integer, count_before integer)
language plpgsql as $$
declare
  stored_start timestamptz;
  stored_count integer;
  before integer;
begin
  perform set_config('synchronous_commit', 'off', true);
  loop
    select r."WindowStart", r."RequestCount" into stored_start, stored_count
      from "Org"."OrgAPIRateLimit" r where r."OrgId" = p_org for update;
    exit when found;
    insert into "Org"."OrgAPIRateLimit" ("OrgId", "WindowStart", "RequestCount", "UpdatedAt")
      values (p_org, p_now, least(p_n, p_limit + 1), p_now)
      on conflict ("OrgId") do nothing;
    if found then
      return query select p_now, least(p_n, p_limit + 1), 0;
      return;
    end if;
  end loop;
  if stored_start <= p_expired_before then
    stored_start := p_now;
    before := 0;
  else
    before := least(stored_count, p_limit);
  end if;
  update "Org"."OrgAPIRateLimit" r
    set "WindowStart" = stored_start, "RequestCount" = least(before + p_n, p_limit + 1), "UpdatedAt" = p_now
    where r."OrgId" = p_org;
  return query select stored_start, least(before + p_n, p_limit + 1), before;
end
$$`;

/** Bindings: orgId, now, expiredBefore, n, limit. */
export const callConsumeFunction = `
  select window_start as "windowStart", count_before as "countBefore"
  from ${CONSUME_FUNCTION}(?::integer, ?::timestamptz, ?::timestamptz, ?::integer, ?::integer)`;

/**
 * Gives back units counted but not used (a lease, leased-rate-limiter.ts) while the window is the
 * same; the count first drops from limit + 1 to the limit, since the + 1 marks refusals, not
 * requests. Bindings: limit, units, now, orgId, windowStart.
 */
export const releaseStatement = {
  postgres: `
  update "Org"."OrgAPIRateLimit"
  set "RequestCount" = greatest(0, least("RequestCount", ?::integer) - ?::integer), "UpdatedAt" = ?::timestamptz
  where "OrgId" = ?::integer and "WindowStart" = ?::timestamptz`,
  sqlite: `
  update "Org"."OrgAPIRateLimit"
  set "RequestCount" = max(0, min("RequestCount", ?) - ?), "UpdatedAt" = ?
  where "OrgId" = ? and "WindowStart" = ?`,
} as const;
