import type { EventStore, StreamRevision } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import { foldEvents } from '@sapien/kernel';
import { appendEvents, type WriteContext } from '../append.ts';
import { clientStreamId } from '../streams.ts';
import { clientDecider, type ClientCommand, type ClientState } from './decider.ts';
import type { ClientEvent } from './events.ts';
import { isClientEvent } from './events.ts';

export type LoadedClient = Readonly<{ state: ClientState; revision: StreamRevision; position: number }>;

/** Load: reads `client-<clientId>` and folds it. */
export const loadClient = async (eventStore: EventStore, clientId: string): Promise<LoadedClient> => {
  const recorded = await eventStore.readStream(clientStreamId(clientId));
  const state = foldEvents(clientDecider, recorded.filter(isClientEvent));
  const last = recorded.at(-1);
  return { state, revision: last?.revision ?? 'no_stream', position: last?.position ?? 0 };
};

export type ClientCommandResult = Readonly<{ events: readonly ClientEvent[]; position: number; state: ClientState }>;

/**
 * Load → decide → append at the loaded revision. A concurrent writer makes the append fail with
 * ExpectedRevisionConflict; callers that can decide again (bootstrap) retry, others report it.
 */
export const handleClientCommand = async (
  eventStore: EventStore,
  clock: Clock,
  command: ClientCommand,
  context: WriteContext,
): Promise<ClientCommandResult> => {
  const loaded = await loadClient(eventStore, command.data.clientId);
  const events = clientDecider.decide(command, loaded.state);
  if (events.length === 0) return { events, position: loaded.position, state: loaded.state };
  const appended = await appendEvents(eventStore, clock, clientStreamId(command.data.clientId), events, context, loaded.revision);
  return { events, position: appended.position, state: foldEvents(clientDecider, events, loaded.state) };
};
