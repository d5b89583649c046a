import { expect } from 'chai';
import { decideGrant } from './grant.ts';

describe('decideGrant', () => {
  it('grants the asked-for scopes the client holds, and the OIDC scopes', () =>
    expect(decideGrant('openid orgs:read users:write', ['orgs:read', 'users:write', 'people:read'])).to.deep.equal({
      oidc: ['openid'],
      granted: ['orgs:read', 'users:write'],
      rejected: [],
    }));

  it('never grants admin to a user, and rejects what the client does not hold', () =>
    expect(decideGrant('admin orgs:read people:write', ['admin', 'orgs:read'])).to.deep.equal({
      oidc: [],
      granted: ['orgs:read'],
      rejected: ['admin', 'people:write'],
    }));

  it('ignores unknown and repeated scope values', () =>
    expect(decideGrant('orgs:read  orgs:read bogus', ['orgs:read'])).to.deep.equal({ oidc: [], granted: ['orgs:read'], rejected: [] }));
});
