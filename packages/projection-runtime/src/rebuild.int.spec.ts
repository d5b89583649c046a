import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { hasQualifiedTable, listQualifiedTables, openReadModelStore } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { describeOnEachDialect } from '@sapien/read-model-sql/testing';
import type { TestReadDb } from '@sapien/read-model-sql/testing';
import { CheckpointStore } from './checkpoints.ts';
import { rebuildProjection } from './rebuild.ts';
import type { RebuildProgress } from './rebuild.ts';
import { ProjectionRunner } from './runner.ts';
import { COUNTS_TABLE, countingProjection, expectedState, readProjected } from './test-support/counting-projection.ts';
import { temporaryEventStore } from './test-support/event-stores.ts';
import type { TestEventStore } from './test-support/event-stores.ts';
import { observedEventStore } from './test-support/observed-event-store.ts';
import { orgEventsTable, perOrgProjection } from './test-support/per-org-projection.ts';
import { appendEvents, readWholeLog } from './test-support/seed.ts';

const WAIT_MS = 30_000;

/** Appends in small steps until stopped, yielding between steps so the rebuild runs meanwhile. */
const keepAppending = (events: TestEventStore, steps: number, offset: number): Promise<void> =>
  (async () => {
    for (let step = 0; step < steps; step += 1) {
      await appendEvents(events.eventStore, 20, { perAppend: 20, offset: offset + step * 20 });
      await sleep(5);
    }
  })();

describe('rebuildProjection', () => {
  describeOnEachDialect((createReadDb, dialect) => {
    let readDb: TestReadDb;
    let events: TestEventStore;
    let store: ReadModelStore;
    let runner: ProjectionRunner;

    beforeEach(async () => {
      readDb = await createReadDb();
      events = await temporaryEventStore(dialect);
      store = await openReadModelStore(readDb.url);
      await appendEvents(events.eventStore, 1_000);
      runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection(), perOrgProjection()], batchSize: 50 });
      await runner.start();
      expect(await runner.waitForPosition(1_000, WAIT_MS)).to.equal(true);
    });

    afterEach(async () => {
      await runner.stop();
      await store.close();
      await events.dispose();
      await readDb.dispose();
    });

    const head = () => events.eventStore.headPosition();

    it('rebuilds beside the live tables and swaps while the runner keeps projecting new appends', async () => {
      // A wrong live table, as a projection bug would leave it: the rebuild must not carry it over.
      await store.db(COUNTS_TABLE).update({ Count: 1_000_000 });
      const appending = keepAppending(events, 15, 1_000);
      const progress: RebuildProgress[] = [];
      const liveReads: Promise<number>[] = [];
      const result = await rebuildProjection({
        eventStore: events.eventStore,
        store,
        projection: countingProjection(),
        onProgress: (p) => {
          progress.push(p);
          // A query client reading the live table meanwhile.
          if (p.phase === 'replay') liveReads.push(readProjected(store).then((state) => state.rows));
        },
        batchSize: 100,
      });
      await appending;
      const served = await Promise.all(liveReads);
      expect(served.length).to.be.greaterThan(5);
      for (const rows of served) expect(rows, 'the live table kept answering').to.be.at.least(1_000);
      await appendEvents(events.eventStore, 40, { offset: 5_000 }); // after the swap
      expect(await runner.waitForPosition(await head(), WAIT_MS)).to.equal(true);

      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
      expect(result.tables).to.deep.equal(['Org.ProjectedEvents', 'Org.StreamCounts']);
      expect(result.position).to.be.at.least(1_000);
      expect(progress[0]).to.deep.include({ phase: 'replay', done: 0 });
      expect(progress.filter((p) => p.phase === 'replay').length).to.be.greaterThan(5);
      expect(progress.at(-2)?.phase).to.equal('catch-up');
      expect(progress.at(-1)).to.deep.equal({ phase: 'swapped', done: result.position, total: result.position });
      const dones = progress.map((p) => p.done);
      expect(dones).to.deep.equal([...dones].sort((a, b) => a - b));
      for (const p of progress) expect(p.done).to.be.at.most(p.total);
      const tables = await listQualifiedTables(store.db, store.dialect);
      expect(tables.filter((name) => name.includes('__'))).to.deep.equal([]);
    });

    it('ends its catch-up at the head it found under the lock while appends go on', async () => {
      // Once the replay has read to the end, every read of the rebuild first appends more than a
      // batch: a catch-up chasing the head would go on until this test ran out of appends.
      const limit = 40;
      let replayed = false;
      let appends = 0;
      const eventStore = observedEventStore(events.eventStore, {
        beforeRead: async () => {
          if (!replayed || appends >= limit) return;
          appends += 1;
          await appendEvents(events.eventStore, 25, { perAppend: 25, offset: 10_000 + appends * 25 });
        },
        afterReadAll: (batch) => {
          if (batch.length === 0) replayed = true;
        },
      });
      const progress: RebuildProgress[] = [];
      const result = await rebuildProjection({ eventStore, store, projection: countingProjection(), batchSize: 20, onProgress: (p) => progress.push(p) });
      expect(appends, 'appends made during the catch-up').to.be.greaterThan(0).and.lessThan(limit);
      expect(result.position).to.be.lessThan(await head());
      const replayEnd = progress.filter((p) => p.phase === 'replay').at(-1)?.done ?? 0;
      expect(progress.find((p) => p.phase === 'catch-up')?.done, 'the catch-up applied the appends before it').to.be.greaterThan(replayEnd);
      expect(await runner.waitForPosition(await head(), WAIT_MS)).to.equal(true);
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
    });

    it('rebuilds the same projection twice in a row', async () => {
      await rebuildProjection({ eventStore: events.eventStore, store, projection: countingProjection() });
      await appendEvents(events.eventStore, 30, { offset: 2_000 });
      await rebuildProjection({ eventStore: events.eventStore, store, projection: countingProjection() });
      await appendEvents(events.eventStore, 30, { offset: 3_000 });
      expect(await runner.waitForPosition(await head(), WAIT_MS)).to.equal(true);
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
      let duplicate: unknown;
      try {
        const [row] = (await store.db('Org.ProjectedEvents').select().limit(1)) as Record<string, unknown>[];
        await store.db('Org.ProjectedEvents').insert({ ...row, EventId: '0190f4d2-7a8b-7c3d-8e9f-0a1b2c3d4e5f' });
      } catch (error) {
        duplicate = error;
      }
      expect(duplicate, 'the unique index on Position survived both swaps').to.be.instanceOf(Error);
    });

    it('starts over when an interrupted rebuild left its tables behind', async () => {
      await store.db.raw('create table "Org"."ProjectedEvents__rebuild" as select * from "Org"."ProjectedEvents"');
      await rebuildProjection({ eventStore: events.eventStore, store, projection: countingProjection() });
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
    });

    it('rebuilds tables a projection creates per org, and leaves the checkpoint at the rebuilt position', async () => {
      const appending = keepAppending(events, 10, 1_000);
      const result = await rebuildProjection({ eventStore: events.eventStore, store, projection: perOrgProjection(), batchSize: 100 });
      await appending;
      expect(result.tables).to.deep.equal([orgEventsTable(1), orgEventsTable(2), orgEventsTable(3)]);
      const checkpoints = await CheckpointStore.open(store);
      expect(await checkpoints.get('per-org')).to.be.at.least(result.position);
      expect(await runner.waitForPosition(await head(), WAIT_MS)).to.equal(true);
      const log = await readWholeLog(events.eventStore);
      for (const orgId of [1, 2, 3]) {
        expect(await hasQualifiedTable(store.db, store.dialect, orgEventsTable(orgId))).to.equal(true);
        const positions = (await store.db(orgEventsTable(orgId)).orderBy('Position').pluck('Position')).map(Number);
        expect(positions).to.deep.equal(log.filter((event) => event.metadata.orgId === orgId).map((event) => event.position));
      }
    });
  });
});
