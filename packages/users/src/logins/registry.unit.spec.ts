import { expect } from 'chai';
import { ConflictError, ValidationError, foldEvents, type Instant } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import type { LoginReserved, ReserveLogin } from '../index.ts';
import { loginRegistryDecider, userIdForLogin } from '../index.ts';

const now = '2026-01-01T00:00:00.000000Z' as Instant;
const spec = DeciderSpecification.for(loginRegistryDecider);
const ALICE = '01950000-0000-7000-8000-00000000000a';
const BOB = '01950000-0000-7000-8000-00000000000b';
const reserve = (login: string, userId: string, orgId = 42): ReserveLogin => ({ type: 'ReserveLogin', data: { orgId, login, userId }, metadata: { now } });
const reserved = (login: string, userId: string): LoginReserved => ({
  type: 'LoginReserved',
  data: { orgId: 42, login, loginKey: login.toLowerCase(), userId },
});

describe('loginRegistryDecider', () => {
  it('reserves a free login for a user', () => spec.given([]).when(reserve('Alice', ALICE)).then([reserved('Alice', ALICE)]));

  it('rejects a login taken by another user, whatever its case, naming the field', () =>
    spec
      .given([reserved('Alice', ALICE)])
      .when(reserve('ALICE', BOB))
      .thenThrows(ConflictError, (error) => error.code === 'login-taken' && error.details.field === 'login'));

  it('treats the same reservation again as done (a retried request)', () =>
    spec.given([reserved('Alice', ALICE)]).when(reserve('alice', ALICE)).thenNothingHappens());

  it('reserves other logins beside taken ones', () =>
    spec.given([reserved('Alice', ALICE)]).when(reserve('bob', BOB)).then([reserved('bob', BOB)]));

  it('rejects an invalid login before looking it up', () =>
    spec.given([]).when(reserve('   ', ALICE)).thenThrows(ValidationError, (error) => error.field === 'login'));

  it('finds the user of a login, case-insensitively', () => {
    const state = foldEvents(loginRegistryDecider, [reserved('Alice', ALICE), reserved('bob', BOB)]);
    expect(userIdForLogin(state, 'ALICE')).to.equal(ALICE);
    expect(userIdForLogin(state, 'Bob')).to.equal(BOB);
    expect(userIdForLogin(state, 'carol')).to.equal(undefined);
  });

  it('folds a large registry in linear time', () => {
    const events = Array.from({ length: 50_000 }, (_, i) => reserved(`user${i}`, ALICE));
    const state = foldEvents(loginRegistryDecider, events);
    expect(userIdForLogin(state, 'user0')).to.equal(ALICE);
  });
});
