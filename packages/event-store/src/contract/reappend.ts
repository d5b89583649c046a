import { expect } from 'chai';
import type { ExpectedRevision } from '../port.ts';
import type { ContractContext } from './fixtures.ts';
import { expectConflict, idsOf, testEvents } from './fixtures.ts';

export const describeReappend = (context: ContractContext): void => {
  describe('appendToStream, retried (idempotence on event ids)', () => {
    const retries: readonly { expected: ExpectedRevision; before: number }[] = [
      { expected: 1, before: 2 },
      { expected: 'no_stream', before: 0 },
      { expected: 'any', before: 1 },
      { expected: 'stream_exists', before: 1 },
    ];

    for (const { expected, before } of retries) {
      it(`returns the original result for the same ids with expected ${String(expected)}, writing nothing`, async () => {
        const { store } = context;
        if (before > 0) await store.appendToStream('order-1', testEvents(before));
        await store.appendToStream('other-1', testEvents(1));
        const events = testEvents(2);
        const original = await store.appendToStream('order-1', events, { expectedRevision: expected });
        await store.appendToStream('order-1', testEvents(1));

        expect(await store.appendToStream('order-1', events, { expectedRevision: expected })).to.deep.equal(original);
        const stream = await store.readStream('order-1');
        expect(stream).to.have.length(before + 3);
        expect(idsOf(stream).slice(before, before + 2)).to.deep.equal(idsOf(events));
        expect(await store.readAll()).to.have.length(before + 4);
      });
    }

    it('returns the original result for a run within a longer append with any', async () => {
      const events = testEvents(3);
      await context.store.appendToStream('order-1', events);
      expect(await context.store.appendToStream('order-1', events.slice(1, 2))).to.deep.equal({ nextExpectedRevision: 1, position: 2 });
      expect(await context.store.readAll()).to.have.length(3);
    });

    it('rejects the same ids at another expected revision', async () => {
      const events = testEvents(2);
      await context.store.appendToStream('order-1', testEvents(1));
      await context.store.appendToStream('order-1', events, { expectedRevision: 0 });
      await expectConflict(context.store.appendToStream('order-1', events, { expectedRevision: 1 }), 'order-1', 1, 2);
      await expectConflict(context.store.appendToStream('order-1', events, { expectedRevision: 'no_stream' }), 'order-1', 'no_stream', 2);
    });

    it('rejects a partial retry, where only some ids are stored, writing nothing', async () => {
      const [first, second] = testEvents(2);
      if (first === undefined || second === undefined) throw new Error('two events expected');
      await context.store.appendToStream('order-1', [first], { expectedRevision: 'no_stream' });
      await expectConflict(context.store.appendToStream('order-1', [first, second], { expectedRevision: 'no_stream' }), 'order-1', 'no_stream', 0);
      await expectConflict(context.store.appendToStream('order-1', [first, second], { expectedRevision: 'any' }), 'order-1', 'any', 0);
      expect(await context.store.readAll()).to.have.length(1);
    });

    it('rejects ids stored in another stream', async () => {
      const events = testEvents(1);
      await context.store.appendToStream('order-1', events);
      await expectConflict(context.store.appendToStream('order-2', events), 'order-2', 'any', 'no_stream');
      expect(await context.store.readStream('order-2')).to.deep.equal([]);
    });

    it('rejects the same ids in another order', async () => {
      const events = testEvents(2);
      await context.store.appendToStream('order-1', events);
      await expectConflict(context.store.appendToStream('order-1', [...events].reverse(), { expectedRevision: 'stream_exists' }), 'order-1', 'stream_exists', 1);
    });
  });
};
