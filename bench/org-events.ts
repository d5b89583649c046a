import { SystemClock, newEventId, newId } from '@sapien/kernel';
import type { NewEvent } from '@sapien/kernel';
import type { OrganisationEvent } from '@sapien/organisations';
import { DEFAULT_API_RATE_LIMIT } from '@sapien/organisations';

const clock = new SystemClock();

/** mulberry32: a small seeded generator, so every run offers the same mix of events. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const RENAME_SHARE = 0.7;
const WINDOWS = [1, 10, 60, 3_600] as const;

/**
 * Organisation events as the API would append them: an org's first event creates it, later ones
 * rename it (70 %) or change its API rate limit (30 %). It also keeps each stream's revision, so
 * every append can name its exact expected revision.
 */
export class OrgEventSource {
  private readonly names = new Map<number, string>();
  private readonly revisions = new Map<string, number>();
  private readonly random: () => number;

  constructor(seed = 42) {
    this.random = seededRandom(seed);
  }

  /** The next event of org `orgId`. */
  next(orgId: number): NewEvent<OrganisationEvent> {
    const name = this.names.get(orgId);
    const fresh = `Organisation ${orgId} ${Math.floor(this.random() * 1e9).toString(36)}`;
    if (name === undefined) {
      this.names.set(orgId, fresh);
      return this.event(orgId, { type: 'OrganisationCreated', data: { orgId, name: fresh, apiRateLimit: DEFAULT_API_RATE_LIMIT } });
    }
    if (this.random() < RENAME_SHARE) {
      this.names.set(orgId, fresh);
      return this.event(orgId, { type: 'OrganisationRenamed', data: { orgId, name: fresh, previousName: name } });
    }
    const windowSeconds = WINDOWS[Math.floor(this.random() * WINDOWS.length)] ?? 60;
    return this.event(orgId, { type: 'OrgApiRateLimitChanged', data: { orgId, limit: 1 + Math.floor(this.random() * 10_000), windowSeconds } });
  }

  /** The exact expected revision for appending `count` more events to the stream, counted as taken. */
  takeRevision(streamId: string, count: number): number | 'no_stream' {
    const current = this.revisions.get(streamId) ?? -1;
    this.revisions.set(streamId, current + count);
    return current < 0 ? 'no_stream' : current;
  }

  /** A random org among 1..orgs. */
  pickOrg(orgs: number): number {
    return 1 + Math.floor(this.random() * orgs);
  }

  private event<E extends OrganisationEvent>(orgId: number, event: E): NewEvent<E> {
    const correlationId = newId();
    return {
      id: newEventId(),
      type: event.type,
      data: event.data,
      metadata: { orgId, correlationId, causationId: correlationId, actor: { kind: 'client', id: `bench-client-${orgId}` } },
      occurredAt: clock.now(),
    };
  }
}
