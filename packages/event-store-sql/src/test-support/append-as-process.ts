// A separate writer process for sqlite.int.spec.ts: appends <count> events to <url> in batches of
// varying size, to a stream of its own at exact revisions and to a shared one with `any`.
import { newEventId, newId, parseInstant } from '@sapien/kernel';
import type { NewEvent } from '@sapien/kernel';
import { openSqlEventStore } from '../open.ts';

const [url = '', writer = '0', countText = '0'] = process.argv.slice(2);
const count = Number(countText);
const sizes = [1, 20, 5];

const event = (seq: number): NewEvent => ({
  id: newEventId(),
  type: 'ProofWritten',
  data: { writer, seq },
  metadata: { orgId: 1, correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: `writer-${writer}` } },
  occurredAt: parseInstant(new Date().toISOString()),
});

const store = await openSqlEventStore(url);
try {
  let revision: number | 'no_stream' = 'no_stream';
  for (let step = 0, written = 0; written < count; step += 1) {
    const size = Math.min(sizes[step % sizes.length] ?? 1, count - written);
    const events = Array.from({ length: size }, (_, index) => event(written + index));
    if (step % 2 === 1) {
      await store.appendToStream('proof-shared', events);
    } else {
      revision = (await store.appendToStream(`proof-writer${writer}`, events, { expectedRevision: revision })).nextExpectedRevision;
    }
    written += size;
  }
} finally {
  await store.close();
}
