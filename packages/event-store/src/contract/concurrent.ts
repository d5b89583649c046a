import { expect } from 'chai';
import { ExpectedRevisionConflict } from '../errors.ts';
import type { AppendResult } from '../port.ts';
import type { ContractContext } from './fixtures.ts';
import { idsOf, testEvents } from './fixtures.ts';

const settled = async (promises: readonly Promise<AppendResult>[]): Promise<(AppendResult | Error)[]> =>
  (await Promise.allSettled(promises)).map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error)));

/**
 * Appends made at the same moment, as concurrent requests make them. A store may write them
 * together (group commit); each caller must still get the answer it would have had alone.
 */
export const describeConcurrentAppends = (context: ContractContext): void => {
  describe('appendToStream, called concurrently', () => {
    it('reads back appends that defer their flush at once, in order, beside flushed ones', async () => {
      const { store } = context;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          store.appendToStream(`deferred-${n}`, testEvents(1), { expectedRevision: 'no_stream', durability: n % 4 === 3 ? 'flushed' : 'deferred' }),
        ),
      );
      const all = await store.readAll();
      expect(all.map((event) => event.position)).to.deep.equal(all.map((_, index) => index + 1));
      expect(results.map((result) => result.position).sort((a, b) => a - b)).to.deep.equal(all.map((event) => event.position));
      expect(await store.appendToStream('deferred-0', testEvents(1), { expectedRevision: 0, durability: 'deferred' })).to.deep.equal({
        nextExpectedRevision: 1,
        position: 13,
      });
    });

    it('gives each append to its own stream its own place, the log gap-free', async () => {
      const { store } = context;
      const batches = Array.from({ length: 40 }, (_, n) => testEvents(1 + (n % 3)));
      const results = await Promise.all(batches.map((events, n) => store.appendToStream(`many-${n}`, events, { expectedRevision: 'no_stream' })));
      results.forEach((result, n) => expect(result.nextExpectedRevision).to.equal((batches[n]?.length ?? 0) - 1));
      const all = await store.readAll();
      expect(all.map((event) => event.position)).to.deep.equal(all.map((_, index) => index + 1));
      expect(new Set(results.map((result) => result.position)).size).to.equal(results.length);
      for (const [n, result] of results.entries()) {
        const stream = await store.readStream(`many-${n}`);
        expect(idsOf(stream)).to.deep.equal(idsOf(batches[n] ?? []));
        expect(stream.at(-1)?.position).to.equal(result.position);
      }
    });

    it('lets one of several appends at the same expected revision win, and tells the others the actual revision', async () => {
      const { store } = context;
      await store.appendToStream('contested', testEvents(1));
      const outcomes = await settled(Array.from({ length: 8 }, () => store.appendToStream('contested', testEvents(1), { expectedRevision: 0 })));
      const won = outcomes.filter((outcome): outcome is AppendResult => !(outcome instanceof Error));
      expect(won).to.have.length(1);
      expect(won[0]?.nextExpectedRevision).to.equal(1);
      for (const outcome of outcomes.filter((o) => o instanceof Error)) {
        expect(outcome).to.be.instanceOf(ExpectedRevisionConflict);
        expect(outcome).to.include({ streamId: 'contested', actual: 1 });
      }
      expect(await store.readStream('contested')).to.have.length(2);
    });

    it('writes chained appends to one stream in the order they were made, each after the one before', async () => {
      const { store } = context;
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => store.appendToStream('chained', testEvents(1), { expectedRevision: 'any' })));
      expect(outcomes.map((outcome) => outcome.nextExpectedRevision).sort((a, b) => a - b)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await store.streamRevision('chained')).to.equal(9);
    });

    it('answers a retry made beside a new append with the original result, writing the new one once', async () => {
      const { store } = context;
      const first = testEvents(2);
      const original = await store.appendToStream('retried', first, { expectedRevision: 'no_stream' });
      const fresh = testEvents(1);
      const [again, againAny, next, twice] = await settled([
        store.appendToStream('retried', first, { expectedRevision: 'no_stream' }),
        store.appendToStream('retried', first, { expectedRevision: 'any' }),
        store.appendToStream('other', fresh, { expectedRevision: 'no_stream' }),
        store.appendToStream('other', fresh, { expectedRevision: 'no_stream' }),
      ]);
      expect(again).to.deep.equal(original);
      expect(againAny).to.deep.equal(original);
      expect(next).to.deep.equal(twice);
      expect(next).to.include({ nextExpectedRevision: 0 });
      expect(await store.readAll()).to.have.length(3);
    });
  });
};
