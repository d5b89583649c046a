import { expect } from 'chai';
import { openReadModelStore, writeTransaction } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { describeOnEachDialect } from '@sapien/read-model-sql/testing';
import type { TestReadDb } from '@sapien/read-model-sql/testing';
import { CheckpointStore } from './checkpoints.ts';
import { projectionStatus } from './status.ts';
import { temporaryEventStore } from './test-support/event-stores.ts';
import { appendEvents } from './test-support/seed.ts';
import { waitForCheckpoints } from './wait-for-checkpoints.ts';

describe('CheckpointStore', () => {
  describeOnEachDialect((create, dialect) => {
    let target: TestReadDb;
    let store: ReadModelStore;
    let checkpoints: CheckpointStore;

    before(async () => {
      target = await create();
      store = await openReadModelStore(target.url);
      checkpoints = await CheckpointStore.open(store);
    });

    after(async () => {
      await store.close();
      await target.dispose();
    });

    it('reads 0 for a consumer without a checkpoint', async () => {
      expect(await checkpoints.get('nobody')).to.equal(0);
    });

    it('saves a position in the caller’s transaction, and not when it rolls back', async () => {
      await writeTransaction(store, (trx) => checkpoints.save(trx, 'a', 10));
      try {
        await writeTransaction(store, async (trx) => {
          await checkpoints.save(trx, 'a', 20);
          throw new Error('roll back');
        });
      } catch {
        // expected
      }
      expect(await checkpoints.get('a')).to.equal(10);
    });

    it('lists every checkpoint with when it was saved', async () => {
      await writeTransaction(store, (trx) => checkpoints.save(trx, 'b', 7));
      const rows = await checkpoints.all();
      expect(rows.map(({ name, position }) => ({ name, position }))).to.deep.equal([
        { name: 'a', position: 10 },
        { name: 'b', position: 7 },
      ]);
      for (const row of rows) expect(row.updatedAt).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    });

    it('moves forward only', async () => {
      expect(await checkpoints.advance('c', 5)).to.equal(5);
      expect(await checkpoints.advance('c', 3)).to.equal(5);
      expect(await checkpoints.get('c')).to.equal(5);
    });

    it('keeps positions beyond 32 bits', async () => {
      await writeTransaction(store, (trx) => checkpoints.save(trx, 'big', 2 ** 40));
      expect(await checkpoints.get('big')).to.equal(2 ** 40);
    });

    it('waits for checkpoints to reach a position, or answers false in time', async () => {
      const waiting = waitForCheckpoints({ checkpoints, names: ['a', 'b'], position: 12, timeoutMs: 20_000, pollIntervalMs: 5 });
      await writeTransaction(store, async (trx) => {
        await checkpoints.save(trx, 'a', 12);
        await checkpoints.save(trx, 'b', 15);
      });
      expect(await waiting).to.equal(true);
      expect(await waitForCheckpoints({ checkpoints, names: ['a'], position: 13, timeoutMs: 20 })).to.equal(false);
    });

    it('reports each projection’s position, the head and the lag', async () => {
      const events = await temporaryEventStore(dialect);
      try {
        await appendEvents(events.eventStore, 20);
        const rows = await projectionStatus({ store, eventStore: events.eventStore, projections: [{ name: 'a' }, { name: 'b' }, { name: 'new' }] });
        expect(rows).to.deep.equal([
          { name: 'a', position: 12, head: 20, lag: 8 },
          { name: 'b', position: 15, head: 20, lag: 5 },
          { name: 'new', position: 0, head: 20, lag: 20 },
        ]);
      } finally {
        await events.dispose();
      }
    });
  });
});
