import { expect } from 'chai';
import { fromDbPkDateTime } from '@sapien/read-model-sql';
import { orgsProjection } from '../index.ts';
import { describeOnEachDialect, eventFactory, project } from '../support/testing.ts';

describeOnEachDialect('orgsProjection', (store) => {
  const orgsRows = () => store().db('Org.Orgs').select('*').orderBy('OrgId');

  const history = () => {
    const event = eventFactory();
    const created = event('org-42', 'OrganisationCreated', { orgId: 42, name: 'Acme', apiRateLimit: { limit: 600, windowSeconds: 60 } }, 42);
    const renamed = event('org-42', 'OrganisationRenamed', { orgId: 42, name: 'Acme Ltd', previousName: 'Acme' }, 42);
    const limited = event('org-42', 'OrgApiRateLimitChanged', { orgId: 42, limit: 100, windowSeconds: 10 }, 42);
    const other = event('org-7', 'OrganisationCreated', { orgId: 7, name: 'Beta', apiRateLimit: { limit: 5, windowSeconds: 1 } }, 7);
    const unrelated = event('person-1', 'PersonAdded', { personId: 'p' }, 42);
    return { created, renamed, limited, other, unrelated };
  };

  it('creates a row per organisation with the columns of PRODUCT.md §7', async () => {
    const { created, other } = history();
    await project(store(), orgsProjection, [created, other]);
    const rows = await orgsRows();
    expect(rows).to.have.length(2);
    const acme = rows[1];
    expect(acme).to.include({ OrgId: 42, Name: 'Acme', Status: 'active', ApiRateLimit: 600, ApiRateLimitWindowSeconds: 60 });
    expect(fromDbPkDateTime(acme.CreatedAt, store().dialect)).to.equal(created.occurredAt);
  });

  it('applies renames and rate-limit changes, moving UpdatedAt', async () => {
    const { created, renamed, limited, unrelated } = history();
    await project(store(), orgsProjection, [created, renamed, limited, unrelated]);
    const [acme] = await orgsRows();
    expect(acme).to.include({ Name: 'Acme Ltd', ApiRateLimit: 100, ApiRateLimitWindowSeconds: 10 });
    expect(fromDbPkDateTime(acme.UpdatedAt, store().dialect)).to.equal(limited.occurredAt);
    expect(fromDbPkDateTime(acme.CreatedAt, store().dialect)).to.equal(created.occurredAt);
  });

  it('is idempotent: re-handling projected events changes nothing', async () => {
    const { created, renamed, limited } = history();
    await project(store(), orgsProjection, [created, renamed, limited]);
    const before = await orgsRows();
    await project(store(), orgsProjection, [created, renamed]);
    await project(store(), orgsProjection, [created, renamed, limited]);
    expect(await orgsRows()).to.deep.equal(before);
  });
});
