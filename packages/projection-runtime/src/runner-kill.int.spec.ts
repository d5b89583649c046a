import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { openReadModelStore, parseReadDbUrl, sqliteSchemaFile } from '@sapien/read-model-sql';
import type { ReadModelStore } from '@sapien/read-model-sql';
import { describeOnEachDialect } from '@sapien/read-model-sql/testing';
import type { TestReadDb } from '@sapien/read-model-sql/testing';
import { CHECKPOINTS_TABLE, CheckpointStore } from './checkpoints.ts';
import { runFixture } from './test-support/child-process.ts';
import { EVENTS_TABLE, expectedState, readProjected } from './test-support/counting-projection.ts';
import { temporaryEventStore } from './test-support/event-stores.ts';
import type { TestEventStore } from './test-support/event-stores.ts';
import { appendEvents, readWholeLog } from './test-support/seed.ts';
import { sqliteFileOf } from './test-support/sqlite-files.ts';

const EVENTS = 3_000;
const KILLS = 4;

/** Polls until `check` holds; the child's progress is what we wait for, not a time. */
const until = async (check: () => Promise<boolean>, limitMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(5);
  }
};

/** The main file of a `sqlite:<path>` read database. */
const sqlitePath = (url: string): string => {
  const location = parseReadDbUrl(url);
  if (location.kind !== 'sqlite' || location.path === ':memory:') throw new TypeError(`not a SQLite file: ${url}`);
  return resolve(location.path);
};

describe('ProjectionRunner killed with SIGKILL', () => {
  // On SQLite the projection's rows (`Org.*`, an attached file) and its checkpoint (the main file)
  // sit in two files, so this also shows that one transaction over both commits atomically.
  describeOnEachDialect((createReadDb, dialect) => {
    let readDb: TestReadDb;
    let events: TestEventStore;
    let store: ReadModelStore;

    before(async () => {
      readDb = await createReadDb();
      events = await temporaryEventStore(dialect);
      store = await openReadModelStore(readDb.url);
      await appendEvents(events.eventStore, EVENTS, { perAppend: 250 });
    });

    after(async () => {
      await store.close();
      await events.dispose();
      await readDb.dispose();
    });

    it('resumes after each kill mid-batch and projects every event exactly once', async function () {
      this.timeout(120_000);
      const checkpoints = await CheckpointStore.open(store);
      const env = {
        TEST_EVENTSTORE_URL: events.url,
        TEST_READ_DB_URL: readDb.url,
        TEST_BATCH_SIZE: '25',
        TEST_DELAY_MS: '15',
        TEST_TARGET: String(EVENTS),
      };
      const killedAt: number[] = [];
      for (let kill = 0; kill < KILLS; kill += 1) {
        const target = (await checkpoints.get('counting')) + randomInt(1, 600);
        const child = runFixture('run-projection.fixture.ts', env);
        // Let it commit up to a random point, then kill it at a random moment, most likely inside a batch.
        await until(async () => (await checkpoints.get('counting')) >= target || child.process.exitCode !== null, 60_000, 'the child to project');
        expect(child.process.exitCode, child.stderr()).to.equal(null);
        await sleep(randomInt(0, 40));
        child.process.kill('SIGKILL');
        expect((await child.exited).signal).to.equal('SIGKILL');
        const position = await checkpoints.get('counting');
        expect(position, 'killed before the end').to.be.lessThan(EVENTS);
        killedAt.push(position);
        const state = await readProjected(store);
        expect(state.rows, 'rows and checkpoint committed together').to.equal(position);
        expect(state.maxPosition).to.equal(position);
      }
      const last = runFixture('run-projection.fixture.ts', env);
      expect((await last.exited).code, last.stderr()).to.equal(0);

      expect(killedAt).to.have.length(KILLS);
      expect(await checkpoints.get('counting')).to.equal(EVENTS);
      const state = await readProjected(store);
      expect(state).to.deep.equal(expectedState(await readWholeLog(events.eventStore)));
      expect(state.rows).to.equal(EVENTS);
      expect(state.distinctIds).to.equal(EVENTS);
      if (dialect === 'sqlite') {
        const main = sqlitePath(readDb.url);
        expect(await sqliteFileOf(store, EVENTS_TABLE), 'rows in the attached Org file').to.equal(sqliteSchemaFile(main, 'Org'));
        expect(await sqliteFileOf(store, CHECKPOINTS_TABLE), 'checkpoint in the main file').to.equal(main);
      }
    });
  });
});
