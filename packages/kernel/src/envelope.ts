import type { Instant } from './clock.ts';

/** Who or what caused a change: a client, a user, or Sapien itself. */
export type Actor = Readonly<{ kind: 'client' | 'user' | 'system'; id: string }>;

/** Metadata every event carries. `orgId` 0 marks a platform event. */
export type EventMetadata = Readonly<{
  orgId: number;
  correlationId: string;
  causationId: string;
  actor: Actor;
}>;

/** An event as a decider produces it: past tense type, plain data. */
export type DomainEvent<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
}>;

/** An event ready to append: the id (UUID v7) is fixed before the append so retries are idempotent. */
export type NewEvent<E extends DomainEvent = DomainEvent> = Readonly<{
  id: string;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
  occurredAt: Instant;
}>;

/** The envelope of a stored event. Revisions are 0-based per stream; positions are 1-based and gap-free. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = Readonly<{
  id: string;
  type: E['type'];
  streamId: string;
  revision: number;
  position: number;
  occurredAt: Instant;
  data: E['data'];
  metadata: EventMetadata;
}>;

/** A command as the API hands it to a decider: imperative type, plain data, metadata with the clock's `now`. */
export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
  metadata: Readonly<{ now: Instant }>;
}>;

/** The category of a stream, as EventStoreDB names it: the part before the first `-`. */
export const streamCategory = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
};
