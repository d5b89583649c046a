import type { DomainEvent } from '@sapien/kernel';

/**
 * An org delegates its users' sign-in to an external OpenID Connect provider. `sealedSecret` is
 * the client secret Sapien holds at that provider, encrypted by the SecretBox for this org (the
 * field name is one the EventLog and NATS redact).
 */
export type SsoConfigured = DomainEvent<'SsoConfigured', Readonly<{ orgId: number; issuer: string; clientId: string; sealedSecret: string }>>;

/** The org's users sign in with a password again (users with SSO enabled cannot until it is turned off). */
export type SsoRemoved = DomainEvent<'SsoRemoved', Readonly<{ orgId: number }>>;

export type SsoEvent = SsoConfigured | SsoRemoved;

export const SSO_EVENT_TYPES: readonly SsoEvent['type'][] = ['SsoConfigured', 'SsoRemoved'];

export const isSsoEvent = <E extends DomainEvent>(event: E): event is E & SsoEvent => (SSO_EVENT_TYPES as readonly string[]).includes(event.type);

/** One stream per org: `orgsso-<orgId>`. */
export const ssoStreamId = (orgId: number): string => `orgsso-${orgId}`;
