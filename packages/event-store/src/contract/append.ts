import { expect } from 'chai';
import type { ContractContext } from './fixtures.ts';
import { expectConflict, expectValidationError, rejectionOf, testEvent, testEvents } from './fixtures.ts';

export const describeAppend = (context: ContractContext): void => {
  describe('appendToStream', () => {
    it('starts a new stream at revision 0 and the log at position 1', async () => {
      const result = await context.store.appendToStream('order-1', testEvents(2), { expectedRevision: 'no_stream' });
      expect(result).to.deep.equal({ nextExpectedRevision: 1, position: 2 });
      expect(await context.store.streamRevision('order-1')).to.equal(1);
    });

    it('expects any revision by default', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      expect(await context.store.appendToStream('order-1', testEvents(1))).to.deep.equal({ nextExpectedRevision: 1, position: 2 });
    });

    it('appends after an exact expected revision', async () => {
      await context.store.appendToStream('order-1', testEvents(2), { expectedRevision: 'no_stream' });
      const result = await context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 1 });
      expect(result).to.deep.equal({ nextExpectedRevision: 2, position: 3 });
    });

    it('rejects a stale exact revision, carrying expected and actual', async () => {
      await context.store.appendToStream('order-1', testEvents(3));
      await expectConflict(context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 1 }), 'order-1', 1, 2);
    });

    it('rejects an exact revision ahead of the stream', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      await expectConflict(context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 5 }), 'order-1', 5, 0);
    });

    it('rejects an exact revision on a missing stream, with actual no_stream', async () => {
      await expectConflict(context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 0 }), 'order-1', 0, 'no_stream');
    });

    it('rejects no_stream when the stream exists', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      await expectConflict(context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 'no_stream' }), 'order-1', 'no_stream', 0);
    });

    it('appends with stream_exists to an existing stream', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      const result = await context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 'stream_exists' });
      expect(result).to.deep.equal({ nextExpectedRevision: 1, position: 2 });
    });

    it('rejects stream_exists on a missing stream, with actual no_stream', async () => {
      await expectConflict(
        context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 'stream_exists' }),
        'order-1',
        'stream_exists',
        'no_stream',
      );
    });

    it('appends with any to a missing and to an existing stream', async () => {
      expect(await context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 'any' })).to.deep.equal({
        nextExpectedRevision: 0,
        position: 1,
      });
      expect(await context.store.appendToStream('order-1', testEvents(1), { expectedRevision: 'any' })).to.deep.equal({
        nextExpectedRevision: 1,
        position: 2,
      });
    });

    it('writes nothing when it rejects an append', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      await expectConflict(context.store.appendToStream('order-1', testEvents(2), { expectedRevision: 'no_stream' }), 'order-1', 'no_stream', 0);
      expect(await context.store.readAll()).to.have.length(1);
      expect(await context.store.headPosition()).to.equal(1);
    });

    it('numbers positions without gaps across streams, revisions per stream', async () => {
      await context.store.appendToStream('order-1', testEvents(2));
      await context.store.appendToStream('order-2', testEvents(1));
      await context.store.appendToStream('order-1', testEvents(1));
      const log = await context.store.readAll();
      expect(log.map((event) => [event.streamId, event.revision, event.position])).to.deep.equal([
        ['order-1', 0, 1],
        ['order-1', 1, 2],
        ['order-2', 0, 3],
        ['order-1', 2, 4],
      ]);
    });

    it('accepts an empty append, checking the expected revision and returning the current state', async () => {
      expect(await context.store.appendToStream('order-1', [], { expectedRevision: 'no_stream' })).to.deep.equal({
        nextExpectedRevision: -1,
        position: 0,
      });
      await context.store.appendToStream('order-2', testEvents(1));
      await context.store.appendToStream('order-1', testEvents(2));
      expect(await context.store.appendToStream('order-1', [], { expectedRevision: 1 })).to.deep.equal({ nextExpectedRevision: 1, position: 3 });
      await expectConflict(context.store.appendToStream('order-1', [], { expectedRevision: 0 }), 'order-1', 0, 1);
      expect(await context.store.headPosition()).to.equal(3);
    });

    it('rejects event ids that are not UUIDs, and an id twice in one append', async () => {
      await expectValidationError(context.store.appendToStream('order-1', [{ ...testEvent(), id: 'not-a-uuid' }]));
      const event = testEvent();
      await expectValidationError(context.store.appendToStream('order-1', [event, event]));
      expect(await context.store.headPosition()).to.equal(0);
    });

    it('refuses a durability other than flushed or deferred', async () => {
      await expectValidationError(context.store.appendToStream('order-1', testEvents(1), { durability: 'eventually' as never }));
      expect(await context.store.streamRevision('order-1')).to.equal('no_stream');
    });

    it('rejects the NUL character in data, metadata, type or stream id, naming the event, and writes nothing', async () => {
      const inData = testEvent({ note: 'before\u0000after' });
      const error = await rejectionOf(context.store.appendToStream('order-1', [testEvent(), inData]));
      expect(error).to.have.property('code', 'validation-failed');
      expect(error).to.have.property('field', 'data');
      expect((error as Error).message).to.contain(inData.id).and.contain('NUL');
      await expectValidationError(context.store.appendToStream('order-1', [testEvent({ nested: [{ 'key\u0000': 1 }] })]));
      await expectValidationError(context.store.appendToStream('order-1', [{ ...testEvent(), metadata: { ...testEvent().metadata, actor: { kind: 'user', id: 'u\u0000' } } }]));
      await expectValidationError(context.store.appendToStream('order-1', [testEvent({ n: 1 }, 'Contract\u0000Tested')]));
      await expectValidationError(context.store.appendToStream('order\u00001', testEvents(1)));
      expect(await context.store.headPosition()).to.equal(0);
      await context.store.appendToStream('order-1', [testEvent({ text: 'a backslash-u0000 as text: \\u0000' })]);
      expect((await context.store.readAll())[0]?.data).to.deep.equal({ text: 'a backslash-u0000 as text: \\u0000' });
    });

    it('rejects an expected revision below 0', async () => {
      await expectValidationError(context.store.appendToStream('order-1', testEvents(1), { expectedRevision: -1 }));
    });
  });
};
