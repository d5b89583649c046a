import { expect } from 'chai';
import { FixedClock } from '@sapien/kernel';
import { createQualifiedTableIfMissing } from '@sapien/read-model-sql';
import { describeWithStoreOnEachDialect } from '@sapien/read-model-sql/testing';
import { OrgRateLimitSettings } from './settings.ts';

describe('OrgRateLimitSettings', () => {
  describeWithStoreOnEachDialect((store, dialect) => {
    // The columns of the public Org.Orgs read model (PRODUCT.md §7) that the settings read.
    before(async () => {
      await createQualifiedTableIfMissing(store().db, dialect, 'Org.Orgs', (table) => {
        table.integer('OrgId').notNullable().primary();
        table.integer('ApiRateLimit').notNullable();
        table.integer('ApiRateLimitWindowSeconds').notNullable();
      });
      await store().db('Org.Orgs').insert([
        { OrgId: 1, ApiRateLimit: 100, ApiRateLimitWindowSeconds: 10 },
        { OrgId: 2, ApiRateLimit: 5, ApiRateLimitWindowSeconds: 1 },
      ]);
    });

    it('reads an org’s limit from Org.Orgs', async () => {
      const settings = new OrgRateLimitSettings({ store: store() });
      expect(await settings.policyFor(1)).to.deep.equal({ limit: 100, windowSeconds: 10 });
    });

    it('falls back to the default for an org not in Org.Orgs yet', async () => {
      const settings = new OrgRateLimitSettings({ store: store() });
      expect(await settings.policyFor(404)).to.deep.equal({ limit: 600, windowSeconds: 60 });
      const custom = new OrgRateLimitSettings({ store: store(), fallback: { limit: 1, windowSeconds: 1 } });
      expect(await custom.policyFor(404)).to.deep.equal({ limit: 1, windowSeconds: 1 });
    });

    it('applies a change once the cached setting is older than cacheSeconds', async () => {
      const clock = new FixedClock();
      const settings = new OrgRateLimitSettings({ store: store(), clock, cacheSeconds: 5 });
      expect(await settings.policyFor(2)).to.deep.equal({ limit: 5, windowSeconds: 1 });
      await store().db('Org.Orgs').where('OrgId', 2).update({ ApiRateLimit: 50 });
      clock.advance(4_999_999);
      expect(await settings.policyFor(2)).to.deep.equal({ limit: 5, windowSeconds: 1 });
      clock.advance(1);
      expect(await settings.policyFor(2)).to.deep.equal({ limit: 50, windowSeconds: 1 });
    });

    it('forgets the least recently read org beyond maxEntries', async () => {
      const clock = new FixedClock();
      const settings = new OrgRateLimitSettings({ store: store(), clock, maxEntries: 1 });
      await settings.policyFor(1);
      await settings.policyFor(2);
      await store().db('Org.Orgs').where('OrgId', 1).update({ ApiRateLimit: 101 });
      expect(await settings.policyFor(1)).to.deep.equal({ limit: 101, windowSeconds: 10 });
    });
  });
});
