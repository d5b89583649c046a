// For the memory test (run with --expose-gc): how much the heap grows while a consumer reads a
// log of large events, measured at the head, before stop(). Prints one JSON line to stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlEventStore } from '@sapien/event-store-sql';
import { newEventId, newId, SystemClock } from '@sapien/kernel';
import type { NewEvent } from '@sapien/kernel';
import { CheckpointedConsumer } from '../checkpointed-consumer.ts';
import { recordingLogger } from './recording-logger.ts';

const EVENTS = Number(process.env.TEST_EVENTS ?? '4000');
const EVENT_BYTES = Number(process.env.TEST_EVENT_BYTES ?? '10000');

const collect = (): number => {
  if (globalThis.gc === undefined) throw new Error('run with --expose-gc');
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

const clock = new SystemClock();
const largeEvent = (index: number): NewEvent => ({
  id: newEventId(),
  type: 'BlobWritten',
  data: { index, blob: `${index}:${'x'.repeat(EVENT_BYTES)}` },
  metadata: { orgId: 1, correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: 'test' } },
  occurredAt: clock.now(),
});

const dir = mkdtempSync(join(tmpdir(), 'sapien-memory-'));
const eventStore = await openSqlEventStore(`sqlite:${join(dir, 'events.sqlite')}`, { pollIntervalMs: 50 });
try {
  for (let start = 0; start < EVENTS; start += 200) {
    await eventStore.appendToStream(`blob-${start}`, Array.from({ length: Math.min(200, EVENTS - start) }, (_, i) => largeEvent(start + i)));
  }
  const head = await eventStore.headPosition();
  const before = collect();
  let reachedHead: () => void = () => undefined;
  const atHead = new Promise<void>((resolve) => {
    reachedHead = resolve;
  });
  const consumer = new CheckpointedConsumer({
    name: 'memory-probe',
    eventStore,
    batchSize: 100,
    logger: recordingLogger(),
    resumePosition: async () => 0,
    flush: async (events) => ({ position: events.at(-1)?.position ?? 0 }),
    onPosition: (position) => {
      if (position >= head) reachedHead();
    },
  });
  consumer.start();
  await atHead;
  const grownBytes = collect() - before;
  await consumer.stop();
  process.stdout.write(`${JSON.stringify({ events: head, eventBytes: EVENT_BYTES, grownBytes })}\n`);
} finally {
  await eventStore.close();
  rmSync(dir, { recursive: true, force: true });
}
