import { expect } from 'chai';
import { openReadModelStore } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { describeOnEachDialect } from '@sapien/read-model-sql/testing';
import type { TestReadDb } from '@sapien/read-model-sql/testing';
import { CheckpointStore } from './checkpoints.ts';
import { CheckpointAheadOfLog } from './errors.ts';
import type { Projection } from './projection.ts';
import { ProjectionRunner } from './runner.ts';
import { EVENTS_TABLE, countingProjection, expectedState, readProjected } from './test-support/counting-projection.ts';
import { temporaryEventStore } from './test-support/event-stores.ts';
import type { TestEventStore } from './test-support/event-stores.ts';
import { observedEventStore } from './test-support/observed-event-store.ts';
import { recordingLogger } from './test-support/recording-logger.ts';
import { appendEvents, readWholeLog } from './test-support/seed.ts';

const WAIT_MS = 30_000;

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('ProjectionRunner', () => {
  describeOnEachDialect((createReadDb, dialect) => {
    let readDb: TestReadDb;
    let events: TestEventStore;
    let store: ReadModelStore;
    let checkpoints: CheckpointStore;

    beforeEach(async () => {
      readDb = await createReadDb();
      events = await temporaryEventStore(dialect);
      store = await openReadModelStore(readDb.url);
      checkpoints = await CheckpointStore.open(store);
    });

    afterEach(async () => {
      await store.close();
      await events.dispose();
      await readDb.dispose();
    });

    it('projects every event once, in order, and saves its checkpoint with the rows', async () => {
      await appendEvents(events.eventStore, 1_250);
      const runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()], batchSize: 100 });
      await runner.start();
      try {
        expect(await runner.waitForPosition(1_250, WAIT_MS)).to.equal(true);
      } finally {
        await runner.stop();
      }
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
      expect(await checkpoints.get('counting')).to.equal(1_250);
      expect(runner.positions()).to.deep.equal({ counting: 1_250 });
    });

    it('projects live appends after it has caught up', async () => {
      const runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()], batchSize: 50 });
      await runner.start();
      try {
        await appendEvents(events.eventStore, 120, { perAppend: 7 });
        expect(await runner.waitForPosition(120, WAIT_MS)).to.equal(true);
      } finally {
        await runner.stop();
      }
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
    });

    it('resumes from its checkpoint after a restart, with no duplicate and no gap', async () => {
      await appendEvents(events.eventStore, 300);
      const first = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()], batchSize: 64 });
      await first.start();
      expect(await first.waitForPosition(300, WAIT_MS)).to.equal(true);
      await first.stop();
      await appendEvents(events.eventStore, 200, { offset: 300 });
      const second = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()], batchSize: 64 });
      await second.start();
      try {
        expect(await second.waitForPosition(500, WAIT_MS)).to.equal(true);
      } finally {
        await second.stop();
      }
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
      expect(await checkpoints.get('counting')).to.equal(500);
    });

    it('rolls a failing batch back, logs it and retries it until it succeeds', async () => {
      await appendEvents(events.eventStore, 400);
      const counting = countingProjection();
      let failures = 0;
      const flaky: Projection = {
        ...counting,
        async handle(trx, batch, context) {
          await counting.handle(trx, batch, context); // writes its rows, then fails: all must roll back
          if (batch.some((event) => event.position === 250) && failures < 2) {
            failures += 1;
            throw new Error('projection failed');
          }
        },
      };
      const seenAtError: { rows: number; maxPosition: number; checkpoint: number }[] = [];
      const pending: Promise<void>[] = [];
      const logger = recordingLogger(() => {
        pending.push(
          (async () => {
            const state = await readProjected(store);
            seenAtError.push({ rows: state.rows, maxPosition: state.maxPosition, checkpoint: await checkpoints.get('counting') });
          })(),
        );
      });
      const runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [flaky], batchSize: 100, logger });
      await runner.start();
      try {
        expect(await runner.waitForPosition(400, WAIT_MS)).to.equal(true);
      } finally {
        await runner.stop();
        await Promise.all(pending);
      }
      expect(failures).to.equal(2);
      expect(logger.entries.filter((entry) => entry.level === 'error')).to.have.length(2);
      for (const seen of seenAtError) {
        expect(seen.rows, 'rows and checkpoint agree after the rollback').to.equal(seen.checkpoint);
        expect(seen.maxPosition).to.equal(seen.checkpoint);
        expect(seen.checkpoint).to.be.lessThan(250);
      }
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
    });

    it('lets the batch in hand finish and be saved when stopped', async () => {
      await appendEvents(events.eventStore, 600);
      const runner = new ProjectionRunner({
        eventStore: events.eventStore,
        store,
        projections: [countingProjection({ delayMs: 20 })],
        batchSize: 50,
      });
      await runner.start();
      expect(await runner.waitForPosition(100, WAIT_MS)).to.equal(true);
      await runner.stop();
      const state = await readProjected(store);
      const saved = await checkpoints.get('counting');
      expect(state.rows).to.equal(saved);
      expect(state.maxPosition).to.equal(saved);
      expect(runner.positions()).to.deep.equal({ counting: saved });
    });

    it('answers false when a position is not reached in time', async () => {
      const runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()] });
      await runner.start();
      try {
        expect(await runner.waitForPosition(1, 50)).to.equal(false);
      } finally {
        await runner.stop();
      }
    });

    it('refuses to start when a checkpoint is past the head of the log, naming it, both positions and what to do', async () => {
      await appendEvents(events.eventStore, 10);
      await checkpoints.advance('counting', 25); // the read database of a log that had 25 events
      const runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()] });
      const error = await rejectionOf(runner.start());
      expect(error).to.be.instanceOf(CheckpointAheadOfLog);
      expect(error).to.include({ code: 'checkpoint-ahead-of-log', consumer: 'projection counting', checkpoint: 25, head: 10 });
      expect((error as Error).message)
        .to.contain('projection counting has checkpoint 25 but the event log ends at position 10')
        .and.contain('sapien projections rebuild counting')
        .and.contain('restore the event store');
      expect(runner.positions()).to.deep.equal({});
      await runner.stop();
    });

    it('starts each projection once when start() is called twice at once', async () => {
      await appendEvents(events.eventStore, 200);
      const observed = observedEventStore(events.eventStore);
      const runner = new ProjectionRunner({ eventStore: observed, store, projections: [countingProjection()], batchSize: 50 });
      await Promise.all([runner.start(), runner.start()]);
      try {
        expect(await runner.waitForPosition(200, WAIT_MS)).to.equal(true);
      } finally {
        await runner.stop();
      }
      expect(observed.subscriptions).to.deep.equal({ opened: 1, active: 0 });
      expect(await readProjected(store)).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
    });

    it('starts nothing when stopped during start(), and its stop() waits for that start to end', async () => {
      await appendEvents(events.eventStore, 50);
      const observed = observedEventStore(events.eventStore);
      const runner = new ProjectionRunner({ eventStore: observed, store, projections: [countingProjection()] });
      const settled: string[] = [];
      const starting = runner.start().then(() => settled.push('start'));
      await runner.stop();
      settled.push('stop');
      await starting;
      expect(settled, 'the stores may close once stop() resolved').to.deep.equal(['start', 'stop']);
      expect(observed.subscriptions.opened).to.equal(0);
      expect(runner.positions()).to.deep.equal({});
    });

    it(`reads back what it wrote: rows in ${EVENTS_TABLE}`, async () => {
      await appendEvents(events.eventStore, 3);
      const runner = new ProjectionRunner({ eventStore: events.eventStore, store, projections: [countingProjection()] });
      await runner.start();
      try {
        expect(await runner.waitForPosition(3, WAIT_MS)).to.equal(true);
      } finally {
        await runner.stop();
      }
      const ids = (await store.db(EVENTS_TABLE).orderBy('Position').pluck('EventId')) as string[];
      expect(ids).to.deep.equal((await readWholeLog(events.eventStore)).map((event) => event.id));
    });
  });
});
