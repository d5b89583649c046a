import { expect } from 'chai';
import type { RecordedEvent } from '@sapien/kernel';
import type { TableNames } from '@sapien/projection-runtime';
import { writeTransaction, type ReadModelStore } from '@sapien/read-model-sql';
import { EVENT_LOG_TABLE, ORGS_TABLE, allProjections, verifyEventLogChain } from './index.ts';
import { describeOnEachDialect, eventFactory } from './support/testing.ts';

/** Handles each batch with every projection in one transaction, as the runner does, into `names`' tables. */
const projectBatches = async (store: ReadModelStore, names: TableNames, batches: readonly (readonly RecordedEvent[])[]): Promise<void> => {
  const context = { dialect: store.dialect, names };
  for (const projection of allProjections) await projection.createTables(store.db, context);
  for (const batch of batches) {
    await writeTransaction(store, async (trx) => {
      for (const projection of allProjections) await projection.handle(trx, batch, context);
    });
  }
};

const suffixed =
  (suffix: string): TableNames =>
  (logical) =>
    `${logical}${suffix}`;

/** A small seeded generator, so a failure reproduces. */
const seeded = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
};

type HistoryOptions = Readonly<{ seed?: number; hotShare?: number; createAllFirst?: boolean }>;

/**
 * `count` events over orgs 1..`orgs`, a `hotShare` of them (half by default) for org 1; an org's
 * first event creates it (or all are created first). Mixed in: a second creation of an existing
 * org, changes of an org never created, and events that are not about organisations (logged, not
 * in Org.Orgs).
 */
const orgHistory = (count: number, orgs: number, { seed = 1, hotShare = 0.5, createAllFirst = false }: HistoryOptions = {}): RecordedEvent[] => {
  const random = seeded(seed);
  const event = eventFactory();
  const created = new Set<number>();
  const events: RecordedEvent[] = [];
  const create = (orgId: number, i: number): void => {
    created.add(orgId);
    events.push(event(`org-${orgId}`, 'OrganisationCreated', { orgId, name: `Org ${orgId} ${i}`, apiRateLimit: { limit: i + 1, windowSeconds: 60 } }, orgId));
  };
  if (createAllFirst) for (let orgId = 1; orgId <= orgs; orgId++) create(orgId, 0);
  for (let i = 0; i < count; i++) {
    const orgId = random() < hotShare ? 1 : 1 + Math.floor(random() * orgs);
    const stream = `org-${orgId}`;
    const roll = random();
    if (roll < 0.05) {
      events.push(event(`person-${i}`, 'PersonAdded', { personId: `p${i}` }, orgId));
    } else if (roll < 0.07) {
      events.push(event(`org-${orgs + 1}`, 'OrganisationRenamed', { orgId: orgs + 1, name: `Ghost ${i}`, previousName: 'x' }, orgs + 1));
    } else if (!created.has(orgId) || roll < 0.09) {
      create(orgId, i);
    } else if (roll < 0.6) {
      events.push(event(stream, 'OrganisationRenamed', { orgId, name: `Org ${orgId} renamed ${i}`, previousName: 'x' }, orgId));
    } else {
      events.push(event(stream, 'OrgApiRateLimitChanged', { orgId, limit: i + 1, windowSeconds: 1 + (i % 3_600) }, orgId));
    }
  }
  return events;
};

const singles = (batches: readonly (readonly RecordedEvent[])[]): RecordedEvent[][] => batches.flat().map((event) => [event]);

describeOnEachDialect('batched projection', (store) => {
  const together = suffixed('');
  const apart = suffixed('_apart');

  const rowsOf = async (names: TableNames) => ({
    orgs: await store().db(names(ORGS_TABLE)).select('*').orderBy('OrgId'),
    log: await store().db(names(EVENT_LOG_TABLE)).select('*').orderBy('EventLogId'),
  });

  const expectSameResults = async (orgIds: readonly number[]): Promise<void> => {
    const [batched, alone] = [await rowsOf(together), await rowsOf(apart)];
    expect(batched.orgs).to.deep.equal(alone.orgs);
    expect(batched.log).to.deep.equal(alone.log);
    for (const orgId of orgIds) {
      const verification = await verifyEventLogChain(store().db, orgId, { table: together(EVENT_LOG_TABLE) });
      expect(verification).to.include({ ok: true });
      expect(await verifyEventLogChain(store().db, orgId, { table: apart(EVENT_LOG_TABLE) })).to.deep.equal(verification);
    }
  };

  it('writes exactly the rows, hashes and chains that event-by-event handling writes', async () => {
    const events = orgHistory(300, 12);
    // A first batch, then one that replays part of it, then a replay of everything.
    const batches = [events.slice(0, 180), events.slice(120, 300), events];
    await projectBatches(store(), together, batches);
    await projectBatches(store(), apart, singles(batches));
    const { orgs, log } = await rowsOf(together);
    expect(orgs).to.have.length(12);
    expect(log).to.have.length(300);
    expect(log.filter((row) => row.OrgId === 1).length).to.be.greaterThan(100);
    await expectSameResults([1, 2, 5, 12, 13]);
  });

  it('writes the same rows for batches larger than its lookups and inserts are chunked', async () => {
    // 1,200 orgs created in one batch, then 1,500 changes touching more than 500 of them in another.
    const events = orgHistory(1_500, 1_200, { seed: 2, hotShare: 0, createAllFirst: true });
    const hundreds = Array.from({ length: Math.ceil(events.length / 100) }, (_, i) => events.slice(i * 100, i * 100 + 100));
    await projectBatches(store(), together, [events.slice(0, 1_200), events.slice(1_200)]);
    await projectBatches(store(), apart, hundreds);
    const { orgs } = await rowsOf(together);
    expect(orgs).to.have.length(1_200);
    expect(orgs.filter((row) => Number(row.LastEventPosition) > 1_200).length).to.be.greaterThan(500);
    await expectSameResults([1, 2, 1_200, 1_201]);
  });
});
