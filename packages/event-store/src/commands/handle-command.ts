import type { EventStore, StreamRevision } from '../port.ts';
import { ExpectedRevisionConflict } from '../errors.ts';
import type { Command, Decider, DomainEvent, EventMetadata } from '@sapien/kernel';
import { appendEvents } from './append-events.ts';
import { loadState } from './load-state.ts';

export type CommandResult<E extends DomainEvent> = Readonly<{
  /** The events appended; empty when the command changed nothing. */
  events: readonly E[];
  /** The global position of the stream's last event after the command: what a reader waits for. */
  position: number;
  revision: StreamRevision;
}>;

export type HandleOptions = Readonly<{
  /** Load-decide-append rounds before a concurrent writer's conflict is reported. Default 3. */
  maxAttempts?: number;
}>;

/**
 * The command pipeline over one stream: load → decide → append at the loaded revision. A concurrent
 * append makes the append fail; the command is then decided again on the new state, because the
 * decision may differ (a conflict the decider reports, or nothing left to do).
 */
export const handleCommand = async <State, C extends Command, E extends DomainEvent>(
  eventStore: EventStore,
  streamId: string,
  decider: Decider<State, C, E>,
  command: C,
  metadata: EventMetadata,
  options: HandleOptions = {},
): Promise<CommandResult<E>> => {
  const maxAttempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadState(eventStore, streamId, decider);
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { events, position: loaded.position, revision: loaded.revision };
    try {
      const appended = await appendEvents(eventStore, streamId, events, loaded.revision, metadata, command.metadata.now);
      return { events, position: appended.position, revision: appended.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof ExpectedRevisionConflict) || attempt >= maxAttempts) throw error;
    }
  }
};
