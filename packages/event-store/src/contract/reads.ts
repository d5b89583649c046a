import { expect } from 'chai';
import type { NewEvent } from '@sapien/kernel';
import type { ContractContext } from './fixtures.ts';
import { idsOf, testEvent, testEvents } from './fixtures.ts';

export const describeReads = (context: ContractContext): void => {
  describe('readStream', () => {
    let events: NewEvent[];

    beforeEach(async () => {
      events = testEvents(5);
      await context.store.appendToStream('order-1', events.slice(0, 3));
      await context.store.appendToStream('order-2', testEvents(2));
      await context.store.appendToStream('order-1', events.slice(3));
    });

    it('reads a stream forwards, only its own events', async () => {
      const stream = await context.store.readStream('order-1');
      expect(idsOf(stream)).to.deep.equal(idsOf(events));
      expect(stream.map((event) => event.revision)).to.deep.equal([0, 1, 2, 3, 4]);
      expect(stream.map((event) => event.position)).to.deep.equal([1, 2, 3, 6, 7]);
    });

    it('reads forwards from a revision (inclusive) and at most maxCount events', async () => {
      const stream = await context.store.readStream('order-1', { fromRevision: 1, maxCount: 3 });
      expect(stream.map((event) => event.revision)).to.deep.equal([1, 2, 3]);
    });

    it('reads backwards from the end', async () => {
      const stream = await context.store.readStream('order-1', { direction: 'backwards' });
      expect(stream.map((event) => event.revision)).to.deep.equal([4, 3, 2, 1, 0]);
    });

    it('reads backwards from a revision (inclusive) and at most maxCount events', async () => {
      const stream = await context.store.readStream('order-1', { direction: 'backwards', fromRevision: 3, maxCount: 2 });
      expect(stream.map((event) => event.revision)).to.deep.equal([3, 2]);
      expect(await context.store.readStream('order-1', { direction: 'backwards', maxCount: 1 })).to.have.length(1);
    });

    it('reads an unknown stream as empty, at revision no_stream', async () => {
      expect(await context.store.readStream('order-9')).to.deep.equal([]);
      expect(await context.store.streamRevision('order-9')).to.equal('no_stream');
      expect(await context.store.streamRevision('order-1')).to.equal(4);
    });
  });

  describe('readAll', () => {
    it('reads an empty log as empty, with head position 0', async () => {
      expect(await context.store.readAll()).to.deep.equal([]);
      expect(await context.store.headPosition()).to.equal(0);
    });

    it('reads the log after a position (exclusive), at most maxCount events', async () => {
      await context.store.appendToStream('order-1', testEvents(3));
      await context.store.appendToStream('order-2', testEvents(3));
      const page = await context.store.readAll({ after: 2, maxCount: 3 });
      expect(page.map((event) => event.position)).to.deep.equal([3, 4, 5]);
      expect((await context.store.readAll({ after: 5 })).map((event) => event.position)).to.deep.equal([6]);
      expect(await context.store.readAll({ after: 6 })).to.deep.equal([]);
      expect(await context.store.headPosition()).to.equal(6);
    });
  });

  describe('recorded events', () => {
    it('carry the id, type, data, metadata and occurredAt as appended', async () => {
      const event = testEvent(
        { name: 'Zoë ☎', nested: { list: [1, 2.5, null, true], empty: {} }, big: 9007199254740991 },
        'OrderPlaced',
        '2026-03-04T05:06:07.000001Z',
      );
      await context.store.appendToStream('order-1', [event]);
      const [recorded] = await context.store.readAll();
      expect(recorded).to.deep.equal({
        id: event.id,
        type: 'OrderPlaced',
        streamId: 'order-1',
        revision: 0,
        position: 1,
        occurredAt: '2026-03-04T05:06:07.000001Z',
        data: event.data,
        metadata: event.metadata,
      });
    });

    it('keep occurredAt to the microsecond', async () => {
      const instants = ['2026-12-31T23:59:59.999999Z', '2026-01-01T00:00:00.000000Z', '1999-07-08T09:10:11.120034Z'];
      await context.store.appendToStream(
        'order-1',
        instants.map((instant) => testEvent({}, 'Timed', instant)),
      );
      expect((await context.store.readStream('order-1')).map((event) => event.occurredAt)).to.deep.equal(instants);
    });
  });
};
