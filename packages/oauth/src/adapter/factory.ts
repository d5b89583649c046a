import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import type { Adapter, AdapterFactory } from 'oidc-provider';
import type { TokenModel } from '../events.ts';
import { PrincipalCache } from '../principal-cache.ts';
import { ClientAdapter } from './client-adapter.ts';
import { ClientDirectory } from './client-directory.ts';
import { GrantAdapter } from './grant-adapter.ts';
import { GrantLedger } from './grant-ledger.ts';
import { MemoryAdapter } from './memory-adapter.ts';
import { TokenAdapter } from './token-adapter.ts';

const TOKEN_MODELS: readonly string[] = ['AccessToken', 'ClientCredentials', 'RefreshToken', 'AuthorizationCode'] satisfies TokenModel[];

export type OAuthStores = Readonly<{ clients: ClientDirectory; grants: GrantLedger; principals: PrincipalCache; adapter: AdapterFactory }>;

/**
 * One adapter per oidc-provider model: tokens, codes, grants and clients in the event store;
 * everything else (Session, Interaction, ReplayDetection…) in memory. The principal cache is
 * shared with the token and grant revocations, which evict from it.
 */
export const createOAuthStores = (eventStore: EventStore, clock: Clock, principals: PrincipalCache = new PrincipalCache()): OAuthStores => {
  const clients = new ClientDirectory(eventStore);
  const grants = new GrantLedger(eventStore, clock, principals);
  const adapters = new Map<string, Adapter>();
  const create = (name: string): Adapter => {
    if (TOKEN_MODELS.includes(name)) return new TokenAdapter(name as TokenModel, { eventStore, clock, clients, grants, principals });
    if (name === 'Grant') return new GrantAdapter(grants, clients);
    if (name === 'Client') return new ClientAdapter(clients);
    return new MemoryAdapter();
  };
  const adapter: AdapterFactory = (name) => {
    let existing = adapters.get(name);
    if (!existing) {
      existing = create(name);
      adapters.set(name, existing);
    }
    return existing;
  };
  return { clients, grants, principals, adapter };
};
