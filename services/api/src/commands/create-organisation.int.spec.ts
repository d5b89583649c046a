import { expect } from 'chai';
import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { ConflictError, FixedClock, ValidationError } from '@sapien/kernel';
import type { CommandContext } from './command-context.ts';
import { createOrganisation } from './create-organisation.ts';

describe('createOrganisation', () => {
  let eventStore: EventStore;
  const clock = new FixedClock();
  const context = (): CommandContext => ({ correlationId: 'c-1', actor: { kind: 'system', id: 'test' }, now: clock.now() });
  beforeEach(async () => {
    eventStore = await openSqlEventStore('sqlite::memory:');
  });
  afterEach(async () => eventStore.close());

  it('reserves the id in org-registry, then creates org-<id>', async () => {
    const result = await createOrganisation(eventStore, { name: 'Acme' }, context());
    expect(result).to.deep.equal({ orgId: 1, position: 2 });
    const registry = await eventStore.readStream('org-registry');
    expect(registry.map((e) => [e.type, e.data, e.metadata.orgId])).to.deep.equal([['OrgIdReserved', { orgId: 1, assigned: true }, 0]]);
    const org = await eventStore.readStream('org-1');
    expect(org.map((e) => [e.type, e.metadata.orgId, e.metadata.correlationId])).to.deep.equal([['OrganisationCreated', 1, 'c-1']]);
  });

  it('gives concurrent creations distinct ids, retrying the registry on a conflict', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => createOrganisation(eventStore, { name: `Org ${i}` }, context())));
    expect(results.map((r) => r.orgId).sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });

  it('lets only one of two concurrent creations with the same given id succeed', async () => {
    const outcomes = await Promise.allSettled([
      createOrganisation(eventStore, { name: 'A', orgId: 8 }, context()),
      createOrganisation(eventStore, { name: 'B', orgId: 8 }, context()),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
    const rejected = outcomes.find((o) => o.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).to.be.instanceOf(ConflictError);
    expect(await eventStore.readStream('org-8')).to.have.length(1);
  });

  it('uses up no id for a request that fails validation', async () => {
    let thrown: unknown;
    try {
      await createOrganisation(eventStore, { name: ' ' }, context());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ValidationError);
    expect(await eventStore.headPosition()).to.equal(0);
  });
});
