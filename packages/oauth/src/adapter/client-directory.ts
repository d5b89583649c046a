import type { EventStore } from '@sapien/event-store';
import { loadClient } from '../clients/store.ts';
import type { ClientState } from '../clients/decider.ts';

/**
 * Reads clients from their streams. Nothing but a client's org is cached: it never changes, while
 * the rest (the secret verifier) must be read fresh so a rotation takes effect at once.
 */
export class ClientDirectory {
  private readonly orgs = new Map<string, number | undefined>();

  constructor(private readonly eventStore: EventStore) {}

  async read(clientId: string): Promise<ClientState> {
    const { state } = await loadClient(this.eventStore, clientId);
    if (state.status === 'registered') this.orgs.set(clientId, state.orgId);
    return state;
  }

  /** The client's org; undefined for a platform client (and for an unknown one). */
  async orgOf(clientId: string | undefined): Promise<number | undefined> {
    if (clientId === undefined) return undefined;
    if (this.orgs.has(clientId)) return this.orgs.get(clientId);
    const state = await this.read(clientId);
    return state.status === 'registered' ? state.orgId : undefined;
  }
}
