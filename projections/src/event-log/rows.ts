import { redactCredentials } from '@sapien/kernel';
import type { Actor, RecordedEvent } from '@sapien/kernel';
import { canonicalJson } from '../support/canonical-json.ts';
import { eventLogHash, type ChainedFields } from './hash.ts';

export const actorText = (actor: Actor): string => `${actor.kind}:${actor.id}`;

/** The chained fields of an event's row; the payload is the canonical JSON of its data and metadata. */
export const chainedFieldsOf = (event: RecordedEvent, prevHash: string | null): ChainedFields => ({
  eventId: event.id,
  orgId: event.metadata.orgId,
  eventType: event.type,
  streamId: event.streamId,
  position: event.position,
  occurredAt: event.occurredAt,
  actor: actorText(event.metadata.actor),
  // Credentials (hashes, verifiers, sealed secrets) stay in the event store: EventLog is public.
  payload: canonicalJson({ data: redactCredentials(event.data), metadata: event.metadata }),
  prevHash,
});

export type ChainedRow = ChainedFields & Readonly<{ hash: string }>;

export const chainedRowOf = (event: RecordedEvent, prevHash: string | null): ChainedRow => {
  const fields = chainedFieldsOf(event, prevHash);
  return { ...fields, hash: eventLogHash(fields) };
};
