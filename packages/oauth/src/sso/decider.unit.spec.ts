import { expect } from 'chai';
import { ValidationError, type Instant } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import { ssoDecider, type ConfigureSso, type SsoCommand } from './decider.ts';
import type { SsoEvent } from './events.ts';
import { uidOfState } from './relying-party.ts';

const now = '2026-01-01T00:00:00.000000Z' as Instant;
const spec = DeciderSpecification.for(ssoDecider);

const settings: ConfigureSso['data'] = { orgId: 7, issuer: 'https://login.acme.example/tenant', clientId: 'sapien', sealedSecret: 'aes256gcm$k$iv$ct$tag' };
const configure = (data: Partial<ConfigureSso['data']> = {}): SsoCommand => ({ type: 'ConfigureSso', data: { ...settings, ...data }, metadata: { now } });
const remove: SsoCommand = { type: 'RemoveSso', data: { orgId: 7 }, metadata: { now } };
const configured: SsoEvent = { type: 'SsoConfigured', data: settings };

describe('ssoDecider', () => {
  describe('ConfigureSso', () => {
    it('records the provider with the sealed secret', () => spec.given([]).when(configure()).then([configured]));

    it('replaces earlier settings', () =>
      spec
        .given([configured])
        .when(configure({ clientId: 'sapien-2' }))
        .then([{ type: 'SsoConfigured', data: { ...settings, clientId: 'sapien-2' } }]));

    it('accepts plain HTTP to this machine', () =>
      spec
        .given([])
        .when(configure({ issuer: 'http://localhost:4000' }))
        .then([{ type: 'SsoConfigured', data: { ...settings, issuer: 'http://localhost:4000' } }]));

    const refuses = (data: Partial<ConfigureSso['data']>, field: string) =>
      spec
        .given([])
        .when(configure(data))
        .thenThrows(ValidationError, (error) => error.field === field);

    it('refuses plain HTTP to another machine', () => refuses({ issuer: 'http://login.acme.example' }, 'issuer'));
    it('refuses an issuer with a query', () => refuses({ issuer: 'https://login.acme.example/?tenant=1' }, 'issuer'));
    it('refuses an issuer with a fragment', () => refuses({ issuer: 'https://login.acme.example/#x' }, 'issuer'));
    it('refuses an issuer with credentials', () => refuses({ issuer: 'https://user:pw@login.acme.example' }, 'issuer'));
    it('refuses something that is no URL', () => refuses({ issuer: 'login.acme.example' }, 'issuer'));
    it('refuses an empty client id', () => refuses({ clientId: '' }, 'clientId'));
    it('refuses a client id with a control character', () => refuses({ clientId: 'a\nb' }, 'clientId'));
    it('refuses a secret that is not sealed', () => refuses({ sealedSecret: '' }, 'clientSecret'));
    it('refuses org 0', () => refuses({ orgId: 0 }, 'orgId'));
  });

  describe('RemoveSso', () => {
    it('removes configured settings', () => spec.given([configured]).when(remove).then([{ type: 'SsoRemoved', data: { orgId: 7 } }]));
    it('does nothing without settings', () => spec.given([]).when(remove).thenNothingHappens());
    it('does nothing once removed', () => spec.given([configured, { type: 'SsoRemoved', data: { orgId: 7 } }]).when(remove).thenNothingHappens());
  });
});

describe('uidOfState', () => {
  it('reads the interaction uid that leads the state', () => expect(uidOfState('Ab_c-1.abcdefghijklmnopqrstuvwxyz012345')).to.equal('Ab_c-1'));
  it('finds none in a state without it, with a short random part, or of another shape', () => {
    for (const state of [undefined, ['a.b'], 'abcdefghijklmnopqrstuvwxyz', 'uid.short', '../x.abcdefghijklmnopqrstu', 'u/v.abcdefghijklmnopqrstu']) {
      expect(uidOfState(state), JSON.stringify(state)).to.equal(undefined);
    }
  });
});
