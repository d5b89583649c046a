import { expect } from 'chai';
import { decideGrant } from './grant.ts';
import { escapeHtml, loginPage } from './html.ts';

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

describe('interaction pages', () => {
  it('escape what they show', () => {
    expect(escapeHtml(`<script>"x"&'y'</script>`)).to.equal('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;');
    expect(loginPage({ uid: 'u1', clientName: '<b>evil</b>', orgId: undefined })).to.contain('&lt;b&gt;evil&lt;/b&gt;').and.not.contain('<b>evil');
  });

  it('fix the organisation of an org client', () =>
    expect(loginPage({ uid: 'u1', clientName: 'c', orgId: 42 })).to.contain('name="orgId" inputmode="numeric" required value="42" readonly'));
});
