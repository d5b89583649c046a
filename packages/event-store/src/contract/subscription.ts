import { expect } from 'chai';
import type { ContractContext } from './fixtures.ts';
import { SubscriptionProbe, idsOf, testEvents } from './fixtures.ts';

export const describeSubscription = (context: ContractContext): void => {
  describe('subscribeToAll', () => {
    const probes: SubscriptionProbe[] = [];
    const subscribe = (options: ConstructorParameters<typeof SubscriptionProbe>[1] = {}): SubscriptionProbe => {
      const probe = new SubscriptionProbe(context.store, options);
      probes.push(probe);
      return probe;
    };

    afterEach(async () => {
      await Promise.all(probes.splice(0).map((probe) => probe.stop()));
    });

    it('delivers the log from the beginning, then marks caughtUp at the head', async () => {
      const events = testEvents(3);
      await context.store.appendToStream('order-1', events.slice(0, 2));
      await context.store.appendToStream('order-2', events.slice(2));
      const { events: delivered, position } = await subscribe({ after: 0 }).untilCaughtUp();
      expect(idsOf(delivered)).to.deep.equal(idsOf(events));
      expect(delivered.map((event) => event.position)).to.deep.equal([1, 2, 3]);
      expect(position).to.equal(3);
    });

    it('starts after the given position, exclusive', async () => {
      await context.store.appendToStream('order-1', testEvents(5));
      const { events, position } = await subscribe({ after: 2 }).untilCaughtUp();
      expect(events.map((event) => event.position)).to.deep.equal([3, 4, 5]);
      expect(position).to.equal(5);
    });

    it('marks caughtUp at its start on an empty log', async () => {
      expect(await subscribe().untilCaughtUp()).to.deep.equal({ events: [], position: 0 });
    });

    it('reads history in batches without losing or repeating an event, marking caughtUp once at the head', async () => {
      await context.store.appendToStream('order-1', testEvents(7));
      const { events, position } = await subscribe({ batchSize: 2 }).untilCaughtUp();
      expect(events.map((event) => event.position)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      expect(position).to.equal(7);
    });

    it('follows appends made after it caught up', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      const probe = subscribe();
      expect((await probe.untilCaughtUp()).position).to.equal(1);

      const live = testEvents(2);
      await context.store.appendToStream('order-2', live);
      const first = await probe.untilCaughtUp();
      expect(idsOf(first.events)).to.deep.equal(idsOf(live));
      expect(first.position).to.equal(3);

      await context.store.appendToStream('order-1', testEvents(1));
      const second = await probe.untilCaughtUp();
      expect(second.events.map((event) => [event.streamId, event.revision, event.position])).to.deep.equal([['order-1', 1, 4]]);
    });

    it('delivers concurrent appends exactly once, in position order', async () => {
      const probe = subscribe({ batchSize: 3 });
      await probe.untilCaughtUp();
      await Promise.all(
        ['a', 'b', 'c', 'd'].map(async (name) => {
          for (let round = 0; round < 5; round += 1) await context.store.appendToStream(`order-${name}`, testEvents(2));
        }),
      );
      const delivered = [];
      while (delivered.length < 40) {
        const message = await probe.next();
        if (message.type === 'event') delivered.push(message.event);
      }
      expect(delivered.map((event) => event.position)).to.deep.equal(Array.from({ length: 40 }, (_, index) => index + 1));
      expect(await probe.untilCaughtUp()).to.deep.equal({ events: [], position: 40 });
    });

    it('ends when its signal is aborted while it waits for appends', async () => {
      const probe = subscribe();
      await probe.untilCaughtUp();
      const waiting = probe.nextResult();
      probe.abort();
      expect(await waiting).to.deep.equal({ done: true, value: undefined });
    });

    it('ends without reading when its signal is already aborted', async () => {
      await context.store.appendToStream('order-1', testEvents(1));
      const controller = new AbortController();
      controller.abort();
      const messages = [];
      for await (const message of context.store.subscribeToAll({ signal: controller.signal })) messages.push(message);
      expect(messages).to.deep.equal([]);
    });
  });
};
