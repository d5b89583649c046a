import { expect } from 'chai';
import knex from 'knex';
import type { Knex } from 'knex';
import { EventStoreUnavailable, describeEventStoreContract } from '@sapien/event-store';
import type { EventStore, SubscriptionMessage } from '@sapien/event-store';
import { newEventId, newId, parseInstant } from '@sapien/kernel';
import type { NewEvent, RecordedEvent } from '@sapien/kernel';
import { createTemporaryDatabase, requirePostgres } from '@sapien/testing';
import type { TemporaryDatabase } from '@sapien/testing';
import { openSqlEventStore } from './open.ts';

const event = (data: unknown): NewEvent => ({
  id: newEventId(),
  type: 'ProofWritten',
  data,
  metadata: { orgId: 1, correlationId: newId(), causationId: newId(), actor: { kind: 'system', id: 'proof' } },
  occurredAt: parseInstant('2026-05-06T07:08:09.101112Z'),
});

/** Appends 2,000 events in batches of varying size: to its own streams at exact revisions, and to a shared one with `any`. */
const writeAsOneProcess = async (store: EventStore, writer: number, total: number): Promise<string[]> => {
  const sizes = [1, 50, 1, 7, 50, 1, 25];
  const revisions = new Map<string, number>();
  const ids: string[] = [];
  for (let step = 0, written = 0; written < total; step += 1) {
    const size = Math.min(sizes[step % sizes.length] ?? 1, total - written);
    const events = Array.from({ length: size }, (_, index) => event({ writer, seq: written + index }));
    if (step % 4 === 3) {
      await store.appendToStream('proof-shared', events);
    } else {
      const streamId = `proof-writer${writer}_${step % 3}`;
      const result = await store.appendToStream(streamId, events, { expectedRevision: revisions.get(streamId) ?? 'no_stream' });
      revisions.set(streamId, result.nextExpectedRevision);
    }
    ids.push(...events.map((written) => written.id));
    written += size;
  }
  return ids;
};

const nextMessage = async (iterator: AsyncIterator<SubscriptionMessage>): Promise<SubscriptionMessage> => {
  const result = await iterator.next();
  if (result.done === true) throw new Error('the subscription ended');
  return result.value;
};

describe('SQL event store on PostgreSQL', () => {
  before(requirePostgres);

  describe('contract', () => {
    let database: TemporaryDatabase | undefined;
    let admin: Knex | undefined;

    before(async () => {
      database = await createTemporaryDatabase('sapien_es');
      admin = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 1 } });
    });

    after(async () => {
      await admin?.destroy();
      await database?.drop();
    });

    describeEventStoreContract({
      name: 'PostgreSQL',
      create: async () => {
        if (database === undefined || admin === undefined) throw new Error('no database');
        const store = await openSqlEventStore(database.url, { poolSize: 4 });
        await admin.raw('truncate sapien_events, sapien_streams');
        return store;
      },
    });
  });

  describe('across processes', () => {
    let database: TemporaryDatabase | undefined;
    const stores: EventStore[] = [];
    const open = async (options: Parameters<typeof openSqlEventStore>[1] = {}): Promise<EventStore> => {
      if (database === undefined) throw new Error('no database');
      const store = await openSqlEventStore(database.url, options);
      stores.push(store);
      return store;
    };

    beforeEach(async () => {
      database = await createTemporaryDatabase('sapien_es');
    });

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await database?.drop();
    });

    it('keeps a gap-free global order under 8 concurrent writers × 2,000 events, seen exactly once by a live subscriber', async function () {
      this.timeout(180_000);
      const writers = 8;
      const perWriter = 2_000;
      const total = writers * perWriter;
      // Separate stores = separate pools and sessions, as separate processes would have; opened
      // together on a fresh database, they also race their migrations.
      const [reader, ...writerStores] = await Promise.all(Array.from({ length: writers + 1 }, (_, index) => open({ poolSize: index === 0 ? 4 : 2 })));
      if (reader === undefined) throw new Error('no reader');

      const controller = new AbortController();
      const seen: RecordedEvent[] = [];
      const subscriber = (async () => {
        for await (const message of reader.subscribeToAll({ signal: controller.signal, batchSize: 300 })) {
          if (message.type === 'event') seen.push(message.event);
          else if (message.position >= total) return;
        }
      })();

      const written = (await Promise.all(writerStores.map((store, writer) => writeAsOneProcess(store, writer, perWriter)))).flat();
      await subscriber;
      controller.abort();

      expect(seen).to.have.length(total);
      expect(seen.every((recorded, index) => recorded.position === index + 1)).to.equal(true, 'positions 1..16000 in order, without gaps');
      expect(new Set(seen.map((recorded) => recorded.id))).to.deep.equal(new Set(written));
      const revisions = new Map<string, number>();
      for (const recorded of seen) {
        expect(recorded.revision).to.equal((revisions.get(recorded.streamId) ?? -1) + 1, `revision order of ${recorded.streamId}`);
        revisions.set(recorded.streamId, recorded.revision);
      }
      expect(await reader.headPosition()).to.equal(total);
    });

    it('appends a batch larger than one insert statement takes, in one piece, and recognises its retry', async () => {
      const store = await open();
      const events = Array.from({ length: 4_500 }, (_, n) => event({ n }));
      const result = await store.appendToStream('bulk-1', events, { expectedRevision: 'no_stream' });
      expect(result).to.deep.equal({ nextExpectedRevision: 4_499, position: 4_500 });
      const stored = await store.readStream('bulk-1');
      expect(stored.map((recorded) => recorded.id)).to.deep.equal(events.map((appended) => appended.id));
      expect(await store.appendToStream('bulk-1', events, { expectedRevision: 'no_stream' })).to.deep.equal(result);
      expect(await store.headPosition()).to.equal(4_500);
    });

    it("wakes a subscriber here for another process's appends through LISTEN/NOTIFY", async () => {
      // Polling once an hour: only the notification can deliver the append within the test.
      const reader = await open({ pollIntervalMs: 3_600_000 });
      const writer = await open();
      const controller = new AbortController();
      const iterator = reader.subscribeToAll({ signal: controller.signal })[Symbol.asyncIterator]();
      try {
        expect(await nextMessage(iterator)).to.deep.equal({ type: 'caughtUp', position: 0 });
        const appended = event({ from: 'another process' });
        await writer.appendToStream('notify-1', [appended]);
        const message = await nextMessage(iterator);
        expect(message.type === 'event' ? message.event.id : message).to.equal(appended.id);
        expect(await nextMessage(iterator)).to.deep.equal({ type: 'caughtUp', position: 1 });
      } finally {
        controller.abort();
        await iterator.return?.();
      }
    });
  });

  describe('openSqlEventStore', () => {
    it('throws EventStoreUnavailable when PostgreSQL cannot be reached', async () => {
      let failure: unknown;
      await openSqlEventStore('postgres://postgres@127.0.0.1:1/sapien').catch((error: unknown) => {
        failure = error;
      });
      expect(failure).to.be.instanceOf(EventStoreUnavailable);
    });
  });
});
