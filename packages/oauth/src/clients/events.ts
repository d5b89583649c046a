import type { DomainEvent } from '@sapien/kernel';
import type { Scope } from '@sapien/authorization';

/** The grant types a Sapien client may be registered for (no implicit, no password, no device flow). */
export const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/**
 * A client as registered. `orgId` absent marks a platform client (only those may carry `admin`).
 * `secretVerifier` is a one-way hash of the secret (see hashing.ts): the secret itself is never kept.
 */
export type ClientRegistered = DomainEvent<
  'ClientRegistered',
  Readonly<{
    clientId: string;
    orgId?: number;
    name: string;
    grantTypes: readonly GrantType[];
    redirectUris: readonly string[];
    scopes: readonly Scope[];
    secretVerifier: string;
  }>
>;

export type ClientSecretRotated = DomainEvent<'ClientSecretRotated', Readonly<{ clientId: string; secretVerifier: string }>>;

export type ClientEvent = ClientRegistered | ClientSecretRotated;

export const CLIENT_EVENT_TYPES: readonly ClientEvent['type'][] = ['ClientRegistered', 'ClientSecretRotated'];

export const isClientEvent = <E extends DomainEvent>(event: E): event is E & ClientEvent => (CLIENT_EVENT_TYPES as readonly string[]).includes(event.type);
