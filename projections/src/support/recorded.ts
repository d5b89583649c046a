import type { DomainEvent, RecordedEvent } from '@sapien/kernel';

/** `RecordedEvent` of each member of an event union, so narrowing on `type` narrows `data` too. */
export type RecordedUnion<E extends DomainEvent> = E extends DomainEvent ? RecordedEvent<E> : never;
