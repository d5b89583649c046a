import { expect } from 'chai';
import type { Principal } from '@sapien/authorization';
import { PRINCIPAL_CACHE_MS, PrincipalCache } from './principal-cache.ts';

const alice: Principal = { kind: 'user', clientId: 'web', orgId: 7, scopes: ['orgs:read'], roles: ['member'], userId: 'u-alice', sessionId: 'g-1', tokenId: 'h-1' };
const machine: Principal = { kind: 'client', clientId: 'sync', orgId: 7, scopes: ['orgs:read'], roles: [], tokenId: 'h-2' };
const LIFE_S = 600;

describe('PrincipalCache', () => {
  let ms: number;
  let cache: PrincipalCache;
  beforeEach(() => {
    ms = 0;
    cache = new PrincipalCache({ now: () => ms });
  });
  const remember = (hash: string, principal: Principal, grantId?: string, mark = cache.mark()) =>
    cache.remember(hash, principal, { grantId, secondsLeft: LIFE_S }, mark);

  it('keeps a principal for 500 ms, then asks for a fresh read', () => {
    expect(PRINCIPAL_CACHE_MS).to.equal(500);
    remember('h-2', machine);
    ms = 499;
    expect(cache.get('h-2')).to.deep.equal(machine);
    ms = 500;
    expect(cache.get('h-2')).to.equal(undefined);
  });

  it('never outlives the token’s own expiry', () => {
    cache.remember('h-2', machine, { grantId: undefined, secondsLeft: 0.2 }, cache.mark());
    ms = 199;
    expect(cache.get('h-2')).to.deep.equal(machine);
    ms = 200;
    expect(cache.get('h-2')).to.equal(undefined);
    cache.remember('h-4', machine, { grantId: undefined, secondsLeft: 0 }, cache.mark());
    expect(cache.get('h-4')).to.equal(undefined);
  });

  it('forgets a revoked token at once', () => {
    remember('h-2', machine);
    cache.forgetToken('h-2');
    expect(cache.get('h-2')).to.equal(undefined);
  });

  it('forgets every token of a revoked grant at once, and only those', () => {
    remember('h-1', alice, 'g-1');
    remember('h-3', { ...alice, tokenId: 'h-3' }, 'g-1');
    remember('h-2', machine);
    cache.forgetGrant('g-1');
    expect([cache.get('h-1'), cache.get('h-3')]).to.deep.equal([undefined, undefined]);
    expect(cache.get('h-2')).to.deep.equal(machine);
  });

  it('does not keep an answer read before a revocation that came while it was read', () => {
    const mark = cache.mark();
    cache.forgetToken('some-other-token');
    remember('h-2', machine, undefined, mark);
    expect(cache.get('h-2')).to.equal(undefined);
  });

  it('hands out a frozen principal, so one request cannot change it for the next', () => {
    remember('h-2', machine);
    const shared = cache.get('h-2');
    expect(Object.isFrozen(shared)).to.equal(true);
    expect(Object.isFrozen(shared?.scopes)).to.equal(true);
  });

  it('holds at most maxEntries tokens, the oldest going first', () => {
    const small = new PrincipalCache({ now: () => ms, maxEntries: 2 });
    for (const hash of ['a', 'b', 'c']) small.remember(hash, machine, { grantId: undefined, secondsLeft: LIFE_S }, small.mark());
    expect(['a', 'b', 'c'].map((hash) => small.get(hash) !== undefined)).to.deep.equal([false, true, true]);
  });

  it('keeps nothing with a TTL of 0', () => {
    const off = new PrincipalCache({ ttlMs: 0, now: () => ms });
    off.remember('h-2', machine, { grantId: undefined, secondsLeft: LIFE_S }, off.mark());
    expect(off.get('h-2')).to.equal(undefined);
  });
});
