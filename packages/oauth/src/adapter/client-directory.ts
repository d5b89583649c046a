import type { EventStore } from '@sapien/event-store';
import { loadClient } from '../clients/store.ts';
import type { ClientState } from '../clients/decider.ts';
import { PRINCIPAL_CACHE_MS } from '../principal-cache.ts';

type Entry = Readonly<{ state: ClientState; until: number }>;

export type ClientDirectoryOptions = Readonly<{
  /** How long a registered client is reused before its stream is read again; default PRINCIPAL_CACHE_MS, 0 = never. */
  ttlMs?: number;
  /** Clients remembered at most; the oldest go first. Default 10,000. */
  maxEntries?: number;
  /** A monotonic clock in ms. Default performance.now. */
  now?: () => number;
}>;

/**
 * Reads clients from their streams, for every token request. A registered client is reused for
 * PRINCIPAL_CACHE_MS, so a change (a rotated secret) counts on every instance within that time,
 * as a revocation does; a client not found is never kept (another instance may register it a
 * moment later). Its org never changes, so that is kept for good.
 */
export class ClientDirectory {
  private readonly orgs = new Map<string, number | undefined>();
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly eventStore: EventStore,
    options: ClientDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? PRINCIPAL_CACHE_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  async read(clientId: string): Promise<ClientState> {
    const entry = this.entries.get(clientId);
    if (entry !== undefined && entry.until > this.now()) return entry.state;
    const { state } = await loadClient(this.eventStore, clientId);
    if (state.status === 'registered') {
      this.orgs.set(clientId, state.orgId);
      this.remember(clientId, state);
    } else this.entries.delete(clientId);
    return state;
  }

  /** The client's org; undefined for a platform client (and for an unknown one). */
  async orgOf(clientId: string | undefined): Promise<number | undefined> {
    if (clientId === undefined) return undefined;
    if (this.orgs.has(clientId)) return this.orgs.get(clientId);
    const state = await this.read(clientId);
    return state.status === 'registered' ? state.orgId : undefined;
  }

  private remember(clientId: string, state: ClientState): void {
    if (this.ttlMs <= 0) return;
    const now = this.now();
    this.entries.delete(clientId);
    // Entries go in with the same TTL, so the oldest are first: drop the expired, then the oldest.
    for (const [id, entry] of this.entries) {
      if (entry.until > now && this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
    this.entries.set(clientId, { state, until: now + this.ttlMs });
  }
}
