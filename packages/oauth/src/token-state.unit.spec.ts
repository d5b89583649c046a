import { expect } from 'chai';
import type { GrantEvent, TokenEvent } from './events.ts';
import { foldGrant, foldToken } from './token-state.ts';

const issued: TokenEvent = { type: 'RefreshTokenIssued', data: { tokenHash: 'h', model: 'RefreshToken', payload: { exp: 10, grantId: 'g' } } };
const consumed = (consumedAt: number): TokenEvent => ({ type: 'RefreshTokenConsumed', data: { tokenHash: 'h', consumedAt } });
const revoked: TokenEvent = { type: 'TokenRevoked', data: { tokenHash: 'h', model: 'RefreshToken' } };

describe('foldToken', () => {
  it('knows nothing of an empty stream', () => expect(foldToken([])).to.deep.equal({ status: 'unknown' }));

  it('keeps the payload of an issued token', () =>
    expect(foldToken([issued])).to.deep.equal({ status: 'issued', model: 'RefreshToken', payload: { exp: 10, grantId: 'g' } }));

  it('keeps the time of the first consumption only', () => expect(foldToken([issued, consumed(5), consumed(6)])).to.deep.include({ consumedAt: 5 }));

  it('stays revoked whatever follows', () => expect(foldToken([issued, revoked, issued, consumed(7)])).to.deep.equal({ status: 'revoked' }));
});

describe('foldGrant', () => {
  const recorded: GrantEvent = { type: 'GrantRecorded', data: { grantId: 'g', clientId: 'c', payload: { accountId: 'u' } } };
  const grantRevoked: GrantEvent = { type: 'GrantRevoked', data: { grantId: 'g', clientId: 'c' } };

  it('keeps the last recorded payload', () =>
    expect(foldGrant([recorded, { ...recorded, data: { ...recorded.data, payload: { accountId: 'u', openid: {} } } }])).to.deep.equal({
      status: 'recorded',
      clientId: 'c',
      payload: { accountId: 'u', openid: {} },
    }));

  it('stays revoked once revoked', () => expect(foldGrant([recorded, grantRevoked, recorded])).to.deep.equal({ status: 'revoked', clientId: 'c' }));
});
