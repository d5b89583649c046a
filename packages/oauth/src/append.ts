import { appendEvents as appendDecided } from '@sapien/event-store';
import type { AppendDurability, AppendResult, EventStore, ExpectedRevision } from '@sapien/event-store';
import type { Actor, Clock, DomainEvent, EventMetadata } from '@sapien/kernel';

/** Who caused an append, for which org (0 = platform), under which correlation. */
export type WriteContext = Readonly<{ orgId: number | undefined; actor: Actor; correlationId: string }>;

export const metadataOf = (context: WriteContext): EventMetadata => ({
  orgId: context.orgId ?? 0,
  correlationId: context.correlationId,
  causationId: context.correlationId,
  actor: context.actor,
});

/** Appends domain events with fresh ids, the clock's time and the context's metadata. */
export const appendEvents = (
  eventStore: EventStore,
  clock: Clock,
  streamId: string,
  events: readonly DomainEvent[],
  context: WriteContext,
  expectedRevision: ExpectedRevision,
  durability?: AppendDurability,
): Promise<AppendResult> => appendDecided(eventStore, streamId, events, expectedRevision, metadataOf(context), clock.now(), durability);
