import { expect } from 'chai';
import { handleCommand, type EventStore } from '@sapien/event-store';
import type { Command, Decider, DomainEvent, Instant } from '@sapien/kernel';
import { ConflictError, newEventId } from '@sapien/kernel';
import { openSqlEventStore } from './open.ts';

type Added = DomainEvent<'Added', { n: number }>;
type Add = Command<'Add', { n: number; max: number }>;
const now = '2026-01-01T00:00:00.000000Z' as Instant;
const metadata = { orgId: 1, correlationId: 'c', causationId: 'c', actor: { kind: 'system', id: 't' } } as const;
const add = (n: number, max = 10): Add => ({ type: 'Add', data: { n, max }, metadata: { now } });

/** A counter that may not pass its maximum; `beforeFirstDecision` lets a test write in between. */
const counter = (beforeFirstDecision?: () => void): Decider<number, Add, Added> => {
  let first = beforeFirstDecision;
  return {
    initialState: () => 0,
    evolve: (state, event) => state + event.data.n,
    decide: (command, state) => {
      first?.();
      first = undefined;
      if (state + command.data.n > command.data.max) throw new ConflictError('over-max', 'over the maximum');
      return command.data.n === 0 ? [] : [{ type: 'Added', data: { n: command.data.n } }];
    },
  };
};

describe('handleCommand (load → decide → append) on the SQL store', () => {
  let store: EventStore;
  beforeEach(async () => {
    store = await openSqlEventStore('sqlite::memory:');
  });
  afterEach(() => store.close());

  it('appends the decided events at the loaded revision and answers their position', async () => {
    const result = await handleCommand(store, 's', counter(), add(2), metadata);
    expect(result).to.deep.include({ position: 1, revision: 0 });
    const [event] = await store.readStream('s');
    expect(event).to.deep.include({ type: 'Added', data: { n: 2 }, metadata, occurredAt: now });
  });

  it('decides again on the new state when another writer appended first', async () => {
    let competing: Promise<unknown> = Promise.resolve();
    const decider = counter(() => {
      competing = store.appendToStream('s', [{ id: newEventId(), type: 'Added', data: { n: 9 }, metadata, occurredAt: now }]);
    });
    let thrown: unknown;
    try {
      await handleCommand(store, 's', decider, add(2), metadata);
    } catch (error) {
      thrown = error;
    }
    await competing;
    // The first append met the competing one; the second decision saw 9 there, and 9 + 2 > 10.
    expect(thrown).to.be.instanceOf(ConflictError);
    expect((await store.readStream('s')).map((event) => event.data)).to.deep.equal([{ n: 9 }]);
  });

  it('appends nothing when the decider decides nothing', async () => {
    expect(await handleCommand(store, 's', counter(), add(0), metadata)).to.deep.include({ events: [], position: 0, revision: 'no_stream' });
    expect(await store.readStream('s')).to.deep.equal([]);
  });
});
