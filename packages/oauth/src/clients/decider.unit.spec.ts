import { ConflictError, NotFoundError, ValidationError, type Instant } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import { clientDecider, type ClientCommand, type RegisterClient } from './decider.ts';
import type { ClientEvent, ClientRegistered } from './events.ts';

const now = '2026-01-01T00:00:00.000000Z' as Instant;
const spec = DeciderSpecification.for(clientDecider);

const registration: RegisterClient['data'] = {
  clientId: 'c-1',
  orgId: 7,
  name: ' Console ',
  grantTypes: ['authorization_code', 'refresh_token'],
  redirectUris: ['https://app.example.com/cb'],
  scopes: ['orgs:read'],
  secretVerifier: 'sha256$abc',
};
const register = (data: Partial<RegisterClient['data']> = {}): ClientCommand => ({ type: 'RegisterClient', data: { ...registration, ...data }, metadata: { now } });
const registeredData: ClientRegistered['data'] = {
  clientId: 'c-1',
  orgId: 7,
  name: 'Console',
  grantTypes: ['authorization_code', 'refresh_token'],
  redirectUris: ['https://app.example.com/cb'],
  scopes: ['orgs:read'],
  secretVerifier: 'sha256$abc',
};
const registered: ClientEvent = { type: 'ClientRegistered', data: registeredData };

describe('clientDecider', () => {
  describe('RegisterClient', () => {
    it('registers a client with the verifier of its secret', () => spec.given([]).when(register()).then([registered]));

    it('registers a platform client, which alone may carry admin', () =>
      spec
        .given([])
        .when(register({ orgId: undefined, grantTypes: ['client_credentials'], redirectUris: [], scopes: ['admin'] }))
        .then([
          {
            type: 'ClientRegistered',
            data: { clientId: 'c-1', name: 'Console', grantTypes: ['client_credentials'], redirectUris: [], scopes: ['admin'], secretVerifier: 'sha256$abc' },
          },
        ]));

    it('refuses a second registration of the id', () => spec.given([registered]).when(register()).thenThrows(ConflictError));

    const refuses = (data: Partial<RegisterClient['data']>, field: string) =>
      spec
        .given([])
        .when(register(data))
        .thenThrows(ValidationError, (error) => error.field === field);

    it('refuses admin for a client of an org', () => refuses({ scopes: ['admin'] }, 'scopes'));
    it('refuses an unknown scope', () => refuses({ scopes: ['orgs:delete'] }, 'scopes'));
    it('refuses no scope at all', () => refuses({ scopes: [] }, 'scopes'));
    it('refuses the implicit and password grants', () => refuses({ grantTypes: ['implicit'] }, 'grantTypes'));
    it('refuses refresh_token without authorization_code', () => refuses({ grantTypes: ['client_credentials', 'refresh_token'], redirectUris: [] }, 'grantTypes'));
    it('refuses authorization_code without a redirect URI', () => refuses({ redirectUris: [] }, 'redirectUris'));
    it('refuses a plain-http redirect URI to another machine', () => refuses({ redirectUris: ['http://app.example.com/cb'] }, 'redirectUris'));
    it('accepts a plain-http redirect URI to this machine', () =>
      spec
        .given([])
        .when(register({ redirectUris: ['http://127.0.0.1:3000/cb'] }))
        .then([{ type: 'ClientRegistered', data: { ...registeredData, redirectUris: ['http://127.0.0.1:3000/cb'] } }]));
    it('refuses a redirect URI with a fragment', () => refuses({ redirectUris: ['https://app.example.com/cb#x'] }, 'redirectUris'));
    it('refuses redirect URIs for a client_credentials client', () => refuses({ grantTypes: ['client_credentials'] }, 'redirectUris'));
    it('refuses an empty name', () => refuses({ name: '  ' }, 'name'));
    it('refuses a client id with a space', () => refuses({ clientId: 'a b c' }, 'clientId'));
  });

  describe('RotateClientSecret', () => {
    const rotate = (secretVerifier: string): ClientCommand => ({ type: 'RotateClientSecret', data: { clientId: 'c-1', secretVerifier }, metadata: { now } });

    it('replaces the verifier', () =>
      spec.given([registered]).when(rotate('sha256$new')).then([{ type: 'ClientSecretRotated', data: { clientId: 'c-1', secretVerifier: 'sha256$new' } }]));

    it('does nothing for the same verifier', () => spec.given([registered]).when(rotate('sha256$abc')).thenNothingHappens());

    it('refuses an unknown client', () => spec.given([]).when(rotate('sha256$new')).thenThrows(NotFoundError));
  });
});
