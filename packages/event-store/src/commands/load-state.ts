import type { EventStore, StreamRevision } from '../port.ts';
import type { Command, Decider, DomainEvent } from '@sapien/kernel';
import { foldEvents } from '@sapien/kernel';

export type LoadedState<State> = Readonly<{
  state: State;
  revision: StreamRevision;
  /** The global position of the stream's last event (0 for no stream). */
  position: number;
}>;

/** Load: reads a stream and folds it into its decider's state. */
export const loadState = async <State, C extends Command, E extends DomainEvent>(
  eventStore: EventStore,
  streamId: string,
  decider: Decider<State, C, E>,
): Promise<LoadedState<State>> => {
  const recorded = await eventStore.readStream(streamId);
  // A stream holds only the events its decider decided, so the cast is the stream's own contract.
  const state = foldEvents(decider, recorded as readonly DomainEvent[] as readonly E[]);
  const last = recorded.at(-1);
  return { state, revision: last?.revision ?? 'no_stream', position: last?.position ?? 0 };
};
