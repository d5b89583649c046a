// A projector process for the kill -9 test: runs the counting projection until the target position.
import { openSqlEventStore } from '@sapien/event-store-sql';
import { openReadModelStore } from '@sapien/read-model-sql';
import { ProjectionRunner } from '../runner.ts';
import { countingProjection } from './counting-projection.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const eventStore = await openSqlEventStore(env('TEST_EVENTSTORE_URL'));
const store = await openReadModelStore(env('TEST_READ_DB_URL'));
const runner = new ProjectionRunner({
  eventStore,
  store,
  projections: [countingProjection({ delayMs: Number(env('TEST_DELAY_MS')) })],
  batchSize: Number(env('TEST_BATCH_SIZE')),
});
await runner.start();
const reached = await runner.waitForPosition(Number(env('TEST_TARGET')), 120_000);
await runner.stop();
await store.close();
await eventStore.close();
process.exit(reached ? 0 : 1);
