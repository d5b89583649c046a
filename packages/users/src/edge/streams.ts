import type { AppendResult, EventStore, StreamRevision } from '@sapien/event-store';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import type { Command, Decider, DomainEvent, EventMetadata, Instant, NewEvent } from '@sapien/kernel';
import { foldEvents, newEventId } from '@sapien/kernel';

/*
 * The load → decide → append pipeline for this package's own edge services (the authenticator and
 * sessions), which live outside the API; the API's routes use the API's pipeline.
 */

export type Loaded<State> = Readonly<{ state: State; revision: StreamRevision; position: number }>;

export const loadStream = async <State, C extends Command, E extends DomainEvent>(
  eventStore: EventStore,
  streamId: string,
  decider: Decider<State, C, E>,
): Promise<Loaded<State>> => {
  const recorded = await eventStore.readStream(streamId);
  // A stream holds only the events its decider decided: the cast is the stream's own contract.
  const state = foldEvents(decider, recorded as readonly DomainEvent[] as readonly E[]);
  const last = recorded.at(-1);
  return { state, revision: last?.revision ?? 'no_stream', position: last?.position ?? 0 };
};

export const appendAt = (
  eventStore: EventStore,
  streamId: string,
  events: readonly DomainEvent[],
  revision: StreamRevision,
  metadata: EventMetadata,
  occurredAt: Instant,
): Promise<AppendResult> => {
  const envelopes: NewEvent[] = events.map((event) => ({ id: newEventId(), type: event.type, data: event.data, metadata, occurredAt }));
  return eventStore.appendToStream(streamId, envelopes, { expectedRevision: revision });
};

export type Ran<E> = Readonly<{ events: readonly E[]; position: number }>;

/** Decides on the loaded state and appends at its revision; a concurrent append makes it decide again. */
export const runCommand = async <State, C extends Command, E extends DomainEvent>(
  eventStore: EventStore,
  streamId: string,
  decider: Decider<State, C, E>,
  command: C,
  metadata: EventMetadata,
  maxAttempts = 3,
): Promise<Ran<E>> => {
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadStream(eventStore, streamId, decider);
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { events, position: loaded.position };
    try {
      const appended = await appendAt(eventStore, streamId, events, loaded.revision, metadata, command.metadata.now);
      return { events, position: appended.position };
    } catch (error) {
      if (!(error instanceof ExpectedRevisionConflict) || attempt >= maxAttempts) throw error;
    }
  }
};

export const isConflict = (error: unknown): boolean => error instanceof ExpectedRevisionConflict;
