import type { Scope } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import { ExpectedRevisionConflict } from '@sapien/event-store';
import type { Actor, Clock } from '@sapien/kernel';
import { ConflictError, newId } from '@sapien/kernel';
import { generateSecret, secretVerifier } from '../hashing.ts';
import type { ClientState } from './decider.ts';
import type { GrantType } from './events.ts';
import { handleClientCommand, loadClient } from './store.ts';
import { validateRegistration, type ValidClientRegistration } from './validation.ts';

/** What registering a client takes. `orgId` absent = a platform client (may carry `admin`). */
export type ClientRegistration = Readonly<{
  orgId?: number;
  name: string;
  grantTypes: readonly string[];
  redirectUris?: readonly string[];
  scopes: readonly string[];
  /** A chosen id (an idempotent registration); a new UUID v7 otherwise. */
  clientId?: string;
}>;

/** The one answer that carries the secret: show it once, it is not kept. */
export type RegisteredClient = Readonly<{ clientId: string; clientSecret: string; position: number }>;

/** Who registers, under which correlation (event metadata). */
export type RegistrationContext = Readonly<{ actor: Actor; correlationId: string }>;

/** A registered client as others may see it: no secret, no verifier. */
export type OAuthClient = Readonly<{
  clientId: string;
  orgId: number | undefined;
  name: string;
  grantTypes: readonly GrantType[];
  redirectUris: readonly string[];
  scopes: readonly Scope[];
}>;

export interface ClientRegistry {
  /** Registers a client with a new generated secret; throws ValidationError, or ConflictError `client-exists`. */
  register(registration: ClientRegistration, context: RegistrationContext): Promise<RegisteredClient>;
  /** A registered client, or undefined. */
  find(clientId: string): Promise<OAuthClient | undefined>;
}

export const publicClientOf = (state: ClientState): OAuthClient | undefined => {
  if (state.status !== 'registered') return undefined;
  const { clientId, orgId, name, grantTypes, redirectUris, scopes } = state;
  return { clientId, orgId, name, grantTypes, redirectUris, scopes };
};

export type ClientRegistryOptions = Readonly<{
  eventStore: EventStore;
  clock: Clock;
  /** Further checks on a valid registration, e.g. oidc-provider's own metadata rules. */
  checkRegistration?: (registration: ValidClientRegistration) => Promise<void>;
}>;

/** Registers a client whose secret Sapien generates: only a SHA-256 verifier of it is stored. */
export const registerClient = async (
  options: ClientRegistryOptions,
  registration: ClientRegistration,
  context: RegistrationContext,
): Promise<RegisteredClient> => {
  const valid = validateRegistration({ ...registration, clientId: registration.clientId ?? newId(), redirectUris: registration.redirectUris ?? [] });
  await options.checkRegistration?.(valid);
  const clientSecret = generateSecret();
  const { orgId, ...rest } = valid;
  const data = { ...rest, ...(orgId === undefined ? {} : { orgId }), secretVerifier: await secretVerifier(clientSecret, 'generated') };
  try {
    const result = await handleClientCommand(
      options.eventStore,
      options.clock,
      { type: 'RegisterClient', data, metadata: { now: options.clock.now() } },
      { orgId, actor: context.actor, correlationId: context.correlationId },
    );
    return { clientId: valid.clientId, clientSecret, position: result.position };
  } catch (error) {
    // Two registrations of one chosen id at once: the loser sees what a later one would.
    if (error instanceof ExpectedRevisionConflict) {
      throw new ConflictError('client-exists', `client ${valid.clientId} is already registered`, { clientId: valid.clientId });
    }
    throw error;
  }
};

export const createClientRegistry = (options: ClientRegistryOptions): ClientRegistry => ({
  register: (registration, context) => registerClient(options, registration, context),
  find: async (clientId) => publicClientOf((await loadClient(options.eventStore, clientId)).state),
});
