import { expect } from 'chai';
import { MessageBusClosedError } from './errors.ts';
import { InProcessMessageBus } from './in-process.ts';
import type { BusMessage, ReceivedMessage } from './port.ts';

const message = (id: string, subject = 'sapien.events.1.org.OrgCreated'): BusMessage => ({
  subject,
  id,
  payload: new TextEncoder().encode(id),
});

/** Reads `count` messages from a subscription, then stops it. */
const take = async (iterable: AsyncIterable<ReceivedMessage>, count: number): Promise<ReceivedMessage[]> => {
  const taken: ReceivedMessage[] = [];
  if (count === 0) return taken;
  for await (const received of iterable) {
    taken.push(received);
    if (taken.length === count) break;
  }
  return taken;
};

describe('InProcessMessageBus', () => {
  describe('publish', () => {
    it('numbers stored messages in order', async () => {
      const bus = new InProcessMessageBus();
      const results = await bus.publish([message('a'), message('b'), message('c')]);
      expect(results).to.deep.equal([
        { sequence: 1, duplicate: false },
        { sequence: 2, duplicate: false },
        { sequence: 3, duplicate: false },
      ]);
    });

    it('drops a message whose id was published within the window, answering the first sequence', async () => {
      const bus = new InProcessMessageBus();
      await bus.publish([message('a'), message('b')]);
      expect(await bus.publish([message('a'), message('c')])).to.deep.equal([
        { sequence: 1, duplicate: true },
        { sequence: 3, duplicate: false },
      ]);
    });

    it('stores the same id again once the duplicate window has passed', async () => {
      let now = 0;
      const bus = new InProcessMessageBus({ duplicateWindowMs: 1000, now: () => now });
      await bus.publish([message('a')]);
      now = 999;
      expect(await bus.publish([message('a')])).to.deep.equal([{ sequence: 1, duplicate: true }]);
      now = 1001;
      expect(await bus.publish([message('a')])).to.deep.equal([{ sequence: 2, duplicate: false }]);
    });

    it('rejects a subject with wildcards before storing anything', async () => {
      const bus = new InProcessMessageBus();
      let failure: unknown;
      await bus.publish([message('a'), message('b', 'sapien.*')]).catch((error: unknown) => (failure = error));
      expect(failure).to.have.property('code', 'invalid-subject');
      expect(await bus.publish([message('c')])).to.deep.equal([{ sequence: 1, duplicate: false }]);
    });

    it('refuses to publish once closed', async () => {
      const bus = new InProcessMessageBus();
      await bus.close();
      let failure: unknown;
      await bus.publish([message('a')]).catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(MessageBusClosedError);
    });
  });

  describe('subscribe', () => {
    it('replays stored messages from the start, then delivers live ones', async () => {
      const bus = new InProcessMessageBus();
      await bus.publish([message('a'), message('b')]);
      const received = take(bus.subscribe({ subject: 'sapien.events.>', fromStart: true }), 3);
      await bus.publish([message('c')]);
      const messages = await received;
      expect(messages.map((m) => [m.id, m.sequence])).to.deep.equal([['a', 1], ['b', 2], ['c', 3]]);
      expect(new TextDecoder().decode(messages[2]?.payload)).to.equal('c');
      expect(messages[0]?.headers).to.deep.equal({ 'Nats-Msg-Id': 'a' });
    });

    it('delivers only messages published after subscribing without fromStart', async () => {
      const bus = new InProcessMessageBus();
      await bus.publish([message('old')]);
      const subscription = bus.subscribe({ subject: '>' });
      await bus.publish([message('new')]);
      expect((await take(subscription, 1)).map((m) => m.id)).to.deep.equal(['new']);
    });

    it('filters with NATS wildcards', async () => {
      const bus = new InProcessMessageBus();
      await bus.publish([
        message('1', 'sapien.events.1.org.OrgCreated'),
        message('2', 'sapien.events.2.org.OrgCreated'),
        message('3', 'sapien.events.1.user.UserInvited'),
        message('4', 'sapien.events.1.org.OrgRenamed'),
      ]);
      const org1 = await take(bus.subscribe({ subject: 'sapien.events.1.org.*', fromStart: true }), 2);
      expect(org1.map((m) => m.id)).to.deep.equal(['1', '4']);
      const created = await take(bus.subscribe({ subject: 'sapien.events.*.*.OrgCreated', fromStart: true }), 2);
      expect(created.map((m) => m.id)).to.deep.equal(['1', '2']);
    });

    it('replays only what the bounded log still holds', async () => {
      const bus = new InProcessMessageBus({ maxMessages: 2 });
      await bus.publish([message('a'), message('b'), message('c')]);
      const messages = await take(bus.subscribe({ subject: '>', fromStart: true }), 2);
      expect(messages.map((m) => m.id)).to.deep.equal(['b', 'c']);
    });

    it('ends when its signal is aborted', async () => {
      const bus = new InProcessMessageBus();
      const controller = new AbortController();
      const received = take(bus.subscribe({ subject: '>', signal: controller.signal }), 10);
      await bus.publish([message('a')]);
      controller.abort();
      expect((await received).map((m) => m.id)).to.deep.equal(['a']);
    });

    it('ends when the bus is closed', async () => {
      const bus = new InProcessMessageBus();
      const received = take(bus.subscribe({ subject: '>' }), 10);
      await bus.close();
      expect(await received).to.deep.equal([]);
    });
  });

  describe('ping', () => {
    it('answers while open and fails once closed', async () => {
      const bus = new InProcessMessageBus();
      await bus.ping();
      await bus.close();
      let failure: unknown;
      await bus.ping().catch((error: unknown) => (failure = error));
      expect(failure).to.be.instanceOf(MessageBusClosedError);
    });
  });
});
