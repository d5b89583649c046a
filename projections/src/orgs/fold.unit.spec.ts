import { expect } from 'chai';
import { eventFactory } from '../support/testing.ts';
import { foldOrgEvents, type OrgEvent } from './fold.ts';
import type { OrgRow } from './table.ts';

describe('foldOrgEvents', () => {
  const history = () => {
    const event = eventFactory();
    const org = (type: string, data: unknown): OrgEvent => event('org-1', type, data, 1) as OrgEvent;
    return {
      created: org('OrganisationCreated', { orgId: 1, name: 'A', apiRateLimit: { limit: 10, windowSeconds: 60 } }),
      renamed: org('OrganisationRenamed', { orgId: 1, name: 'B', previousName: 'A' }),
      limited: org('OrgApiRateLimitChanged', { orgId: 1, limit: 5, windowSeconds: 1 }),
    };
  };
  const at = (instant: string): unknown => `db:${instant}`;

  it('turns the events of a new org into one created row in its final state', () => {
    const { created, renamed, limited } = history();
    const { created: rows, updated } = foldOrgEvents(new Map(), [created, renamed, limited], at);
    expect(updated).to.deep.equal([]);
    expect(rows).to.deep.equal([
      {
        OrgId: 1,
        Name: 'B',
        Status: 'active',
        ApiRateLimit: 5,
        ApiRateLimitWindowSeconds: 1,
        CreatedAt: at(created.occurredAt),
        UpdatedAt: at(limited.occurredAt),
        LastEventPosition: limited.position,
      },
    ]);
  });

  it("applies only the events after a stored row's LastEventPosition, and ignores a second creation", () => {
    const { created, renamed, limited } = history();
    const stored: OrgRow = {
      OrgId: 1,
      Name: 'B',
      Status: 'active',
      ApiRateLimit: 10,
      ApiRateLimitWindowSeconds: 60,
      CreatedAt: 'c',
      UpdatedAt: 'u',
      LastEventPosition: renamed.position,
    };
    const rows = new Map([[1, stored]]);
    expect(foldOrgEvents(rows, [created, renamed], at)).to.deep.equal({ created: [], updated: [] });
    expect(foldOrgEvents(rows, [created, renamed, limited], at).updated).to.deep.equal([
      { ...stored, ApiRateLimit: 5, ApiRateLimitWindowSeconds: 1, UpdatedAt: at(limited.occurredAt), LastEventPosition: limited.position },
    ]);
  });

  it('changes nothing for an org that has no row', () => {
    const { renamed, limited } = history();
    expect(foldOrgEvents(new Map(), [renamed, limited], at)).to.deep.equal({ created: [], updated: [] });
  });
});
