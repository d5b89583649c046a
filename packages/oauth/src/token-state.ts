import type { DomainEvent } from '@sapien/kernel';
import type { GrantEvent, StoredPayload, TokenEvent, TokenModel } from './events.ts';
import { isGrantEvent, isTokenEvent } from './events.ts';

/** A token as its stream says: never issued, issued (perhaps consumed), or revoked for good. */
export type TokenState =
  | Readonly<{ status: 'unknown' }>
  | Readonly<{ status: 'issued'; model: TokenModel; payload: StoredPayload; consumedAt?: number }>
  | Readonly<{ status: 'revoked' }>;

export const evolveToken = (state: TokenState, event: TokenEvent): TokenState => {
  if (state.status === 'revoked') return state;
  switch (event.type) {
    case 'AccessTokenIssued':
    case 'RefreshTokenIssued':
    case 'AuthorizationCodeIssued':
      return { status: 'issued', model: event.data.model, payload: event.data.payload };
    case 'RefreshTokenConsumed':
    case 'AuthorizationCodeConsumed':
      // The first consumption counts: a later one (a race lost) does not move the time.
      if (state.status !== 'issued' || state.consumedAt !== undefined) return state;
      return { ...state, consumedAt: event.data.consumedAt };
    case 'TokenRevoked':
      return { status: 'revoked' };
    default: {
      const _never: never = event;
      return state;
    }
  }
};

/** Folds a token stream; events of other types (none expected) are skipped. */
export const foldToken = (events: readonly DomainEvent[]): TokenState =>
  events.filter(isTokenEvent).reduce<TokenState>(evolveToken, { status: 'unknown' });

/** A grant as its stream says. */
export type GrantState =
  | Readonly<{ status: 'unknown' }>
  | Readonly<{ status: 'recorded'; clientId: string; payload: StoredPayload }>
  | Readonly<{ status: 'revoked'; clientId?: string }>;

export const evolveGrant = (state: GrantState, event: GrantEvent): GrantState => {
  if (state.status === 'revoked') return state;
  switch (event.type) {
    case 'GrantRecorded':
      return { status: 'recorded', clientId: event.data.clientId, payload: event.data.payload };
    case 'GrantRevoked':
      return { status: 'revoked', ...(event.data.clientId === undefined ? {} : { clientId: event.data.clientId }) };
    default: {
      const _never: never = event;
      return state;
    }
  }
};

export const foldGrant = (events: readonly DomainEvent[]): GrantState =>
  events.filter(isGrantEvent).reduce<GrantState>(evolveGrant, { status: 'unknown' });
