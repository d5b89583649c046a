import type { Command, DomainEvent } from './envelope.ts';

/**
 * A decider: pure domain logic. `decide` turns a command and the current state into events (or
 * throws a SapienError), `evolve` folds an event into the state, `initialState` starts the fold.
 */
export type Decider<State, C extends Command, E extends DomainEvent> = Readonly<{
  decide: (command: C, state: State) => readonly E[];
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;

/** Folds events into state with a decider's `evolve`. */
export const foldEvents = <State, C extends Command, E extends DomainEvent>(
  decider: Decider<State, C, E>,
  events: Iterable<E>,
  state: State = decider.initialState(),
): State => {
  let current = state;
  for (const event of events) current = decider.evolve(current, event);
  return current;
};
