import { expect } from 'chai';
import type { Principal } from '../principal.ts';
import { OrgMembershipVoter } from './org-membership-voter.ts';
import { RoleVoter } from './role-voter.ts';
import { ScopeVoter } from './scope-voter.ts';

const member = (overrides: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  clientId: 'app',
  orgId: 7,
  scopes: ['orgs:read'],
  roles: ['member'],
  userId: 'u1',
  ...overrides,
});
const platformAdmin: Principal = { kind: 'client', clientId: 'ops', orgId: undefined, scopes: ['admin'], roles: [] };

describe('ScopeVoter', () => {
  const voter = new ScopeVoter();

  it('grants a scope the token carries', () => {
    expect(voter.vote('orgs:read', undefined, member())).to.equal('grant');
  });

  it('denies a scope the token lacks', () => {
    expect(voter.vote('orgs:write', undefined, member())).to.equal('deny');
  });

  it('grants every scope to admin, and admin only to admin', () => {
    expect(voter.vote('people:write', undefined, platformAdmin)).to.equal('grant');
    expect(voter.vote('admin', undefined, platformAdmin)).to.equal('grant');
    expect(voter.vote('admin', undefined, member({ scopes: ['orgs:read', 'orgs:write'] }))).to.equal('deny');
  });

  it('abstains on attributes that are not scopes', () => {
    expect(voter.vote('ROLE_org-admin', undefined, member())).to.equal('abstain');
    expect(voter.vote('orgs:delete', undefined, member())).to.equal('abstain');
  });
});

describe('OrgMembershipVoter', () => {
  const voter = new OrgMembershipVoter();

  it('grants a subject of the token’s own org', () => {
    expect(voter.vote('orgs:read', { orgId: 7 }, member())).to.equal('grant');
  });

  it('denies a subject of another org, whatever the attribute', () => {
    expect(voter.vote('orgs:read', { orgId: 8 }, member())).to.equal('deny');
    expect(voter.vote('anything', { orgId: 8 }, member())).to.equal('deny');
  });

  it('denies an org id given as text, even when it reads the same', () => {
    expect(voter.vote('orgs:read', { orgId: '7' }, member())).to.equal('deny');
    expect(voter.vote('orgs:read', { orgId: 'abc' }, member())).to.equal('deny');
  });

  it('denies an org subject to a token without an org that is not admin', () => {
    expect(voter.vote('orgs:read', { orgId: 7 }, member({ orgId: undefined }))).to.equal('deny');
  });

  it('grants any org to a platform admin', () => {
    expect(voter.vote('orgs:read', { orgId: 8 }, platformAdmin)).to.equal('grant');
  });

  it('abstains on subjects without an org', () => {
    expect(voter.vote('orgs:write', undefined, member())).to.equal('abstain');
    expect(voter.vote('orgs:write', { name: 'Acme' }, member())).to.equal('abstain');
  });

  it('conceals what it denies', () => {
    expect(voter.concealsSubject).to.equal(true);
  });
});

describe('RoleVoter', () => {
  const voter = new RoleVoter();

  it('grants a role the token holds', () => {
    expect(voter.vote('ROLE_member', undefined, member())).to.equal('grant');
  });

  it('denies a role the token lacks', () => {
    expect(voter.vote('ROLE_org-admin', undefined, member())).to.equal('deny');
    expect(voter.vote('ROLE_org-admin', undefined, member({ kind: 'client', roles: [] }))).to.equal('deny');
  });

  it('grants every org role to a platform admin', () => {
    expect(voter.vote('ROLE_org-admin', undefined, platformAdmin)).to.equal('grant');
  });

  it('abstains on attributes that are not roles', () => {
    expect(voter.vote('orgs:read', undefined, member())).to.equal('abstain');
  });
});
