import type { Principal } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import { GrantLedger } from './adapter/grant-ledger.ts';
import { PrincipalCache } from './principal-cache.ts';
import { resolvePrincipal } from './principal.ts';

/**
 * Validates bearer tokens as the API does, for a service that runs without the OAuth server (the
 * ESL listener alone): the token's stream and its grant's in the event store, a live principal
 * reused for PRINCIPAL_CACHE_MS, so a revocation counts here within that time.
 */
export const createTokenResolver = (eventStore: EventStore, clock: Clock): ((token: string) => Promise<Principal | undefined>) => {
  const cache = new PrincipalCache();
  const grants = new GrantLedger(eventStore, clock, cache);
  return (token) => resolvePrincipal({ eventStore, grants, clock, cache }, token);
};
