import type { DomainEvent } from '@sapien/kernel';

/** A token's stored payload as oidc-provider gives it, minus `jti` (the raw value is never stored). */
export type StoredPayload = Readonly<Record<string, unknown>>;

/** The token models kept in the event store; sessions and interactions are not (see README). */
export type TokenModel = 'AccessToken' | 'ClientCredentials' | 'RefreshToken' | 'AuthorizationCode';

export type AccessTokenIssued = DomainEvent<
  'AccessTokenIssued',
  Readonly<{ tokenHash: string; model: 'AccessToken' | 'ClientCredentials'; payload: StoredPayload }>
>;
export type RefreshTokenIssued = DomainEvent<'RefreshTokenIssued', Readonly<{ tokenHash: string; model: 'RefreshToken'; payload: StoredPayload }>>;
export type AuthorizationCodeIssued = DomainEvent<
  'AuthorizationCodeIssued',
  Readonly<{ tokenHash: string; model: 'AuthorizationCode'; payload: StoredPayload }>
>;
/** `consumedAt` in epoch seconds, as oidc-provider keeps it. */
export type RefreshTokenConsumed = DomainEvent<'RefreshTokenConsumed', Readonly<{ tokenHash: string; consumedAt: number }>>;
export type AuthorizationCodeConsumed = DomainEvent<'AuthorizationCodeConsumed', Readonly<{ tokenHash: string; consumedAt: number }>>;
export type TokenRevoked = DomainEvent<'TokenRevoked', Readonly<{ tokenHash: string; model: TokenModel }>>;

export type TokenEvent =
  | AccessTokenIssued
  | RefreshTokenIssued
  | AuthorizationCodeIssued
  | RefreshTokenConsumed
  | AuthorizationCodeConsumed
  | TokenRevoked;

export type GrantRecorded = DomainEvent<'GrantRecorded', Readonly<{ grantId: string; clientId: string; payload: StoredPayload }>>;
/** Revokes the grant and, with it, every token issued under it. */
export type GrantRevoked = DomainEvent<'GrantRevoked', Readonly<{ grantId: string; clientId?: string }>>;

export type GrantEvent = GrantRecorded | GrantRevoked;

export const TOKEN_EVENT_TYPES: readonly TokenEvent['type'][] = [
  'AccessTokenIssued',
  'RefreshTokenIssued',
  'AuthorizationCodeIssued',
  'RefreshTokenConsumed',
  'AuthorizationCodeConsumed',
  'TokenRevoked',
];

export const GRANT_EVENT_TYPES: readonly GrantEvent['type'][] = ['GrantRecorded', 'GrantRevoked'];

export const isTokenEvent = <E extends DomainEvent>(event: E): event is E & TokenEvent => (TOKEN_EVENT_TYPES as readonly string[]).includes(event.type);
export const isGrantEvent = <E extends DomainEvent>(event: E): event is E & GrantEvent => (GRANT_EVENT_TYPES as readonly string[]).includes(event.type);

/** The event that records the issue of a token of each model. */
export const issuedEvent = (model: TokenModel, tokenHash: string, payload: StoredPayload): TokenEvent => {
  switch (model) {
    case 'AccessToken':
    case 'ClientCredentials':
      return { type: 'AccessTokenIssued', data: { tokenHash, model, payload } };
    case 'RefreshToken':
      return { type: 'RefreshTokenIssued', data: { tokenHash, model, payload } };
    case 'AuthorizationCode':
      return { type: 'AuthorizationCodeIssued', data: { tokenHash, model, payload } };
    default: {
      const _never: never = model;
      throw new Error('unknown token model');
    }
  }
};
