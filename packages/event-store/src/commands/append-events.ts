import type { AppendDurability, AppendResult, EventStore, ExpectedRevision } from '../port.ts';
import type { DomainEvent, EventMetadata, Instant, NewEvent } from '@sapien/kernel';
import { newEventId } from '@sapien/kernel';

/** Append: writes decided events at the revision they were decided on (optimistic concurrency). */
export const appendEvents = (
  eventStore: EventStore,
  streamId: string,
  events: readonly DomainEvent[],
  decidedAt: ExpectedRevision,
  metadata: EventMetadata,
  occurredAt: Instant,
  durability?: AppendDurability,
): Promise<AppendResult> => {
  const envelopes: NewEvent[] = events.map((event) => ({ id: newEventId(), type: event.type, data: event.data, metadata, occurredAt }));
  return eventStore.appendToStream(streamId, envelopes, durability === undefined ? { expectedRevision: decidedAt } : { expectedRevision: decidedAt, durability });
};
