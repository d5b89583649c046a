import type { OrganisationEvent } from '@sapien/organisations';
import type { RecordedUnion } from '../support/recorded.ts';
import type { OrgRow } from './table.ts';

export type OrgEvent = RecordedUnion<OrganisationEvent>;

/** What a batch changes: rows to insert (new orgs) and rows to overwrite (orgs already stored). */
export type OrgChanges = Readonly<{ created: readonly OrgRow[]; updated: readonly OrgRow[] }>;

/**
 * Applies a batch's events (in position order) to the stored rows of their orgs, in memory, with
 * the statements' rules of event-by-event handling: a creation of an org that has a row changes
 * nothing; a change applies only to an existing row whose LastEventPosition is below the event's
 * position, so a replayed event changes nothing. Each changed row comes out once, in its final state.
 */
export const foldOrgEvents = (
  stored: ReadonlyMap<number, OrgRow>,
  events: readonly OrgEvent[],
  dbTime: (instant: OrgEvent['occurredAt']) => unknown,
): OrgChanges => {
  const rows = new Map(stored);
  const changed = new Set<number>();
  for (const event of events) {
    const orgId = event.data.orgId;
    const row = rows.get(orgId);
    const next = apply(row, event, dbTime(event.occurredAt));
    if (next === undefined || next === row) continue;
    rows.set(orgId, next);
    changed.add(orgId);
  }
  const created: OrgRow[] = [];
  const updated: OrgRow[] = [];
  for (const orgId of changed) {
    const row = rows.get(orgId);
    if (row !== undefined) (stored.has(orgId) ? updated : created).push(row);
  }
  return { created, updated };
};

/** The row after one event: the same object when the event changes nothing. */
const apply = (row: OrgRow | undefined, event: OrgEvent, at: unknown): OrgRow | undefined => {
  if (event.type === 'OrganisationCreated') {
    if (row !== undefined) return row;
    const { orgId, name, apiRateLimit } = event.data;
    return {
      OrgId: orgId,
      Name: name,
      Status: 'active',
      ApiRateLimit: apiRateLimit.limit,
      ApiRateLimitWindowSeconds: apiRateLimit.windowSeconds,
      CreatedAt: at,
      UpdatedAt: at,
      LastEventPosition: event.position,
    };
  }
  if (row === undefined || row.LastEventPosition >= event.position) return row;
  switch (event.type) {
    case 'OrganisationRenamed':
      return { ...row, Name: event.data.name, UpdatedAt: at, LastEventPosition: event.position };
    case 'OrgApiRateLimitChanged':
      return {
        ...row,
        ApiRateLimit: event.data.limit,
        ApiRateLimitWindowSeconds: event.data.windowSeconds,
        UpdatedAt: at,
        LastEventPosition: event.position,
      };
    default: {
      const _never: never = event;
      return row;
    }
  }
};
