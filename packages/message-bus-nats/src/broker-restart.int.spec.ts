import { expect } from 'chai';
import { TestNatsServer } from '@sapien/testing';
import { NatsMessageBus } from './nats-message-bus.ts';
import { messageOn, take, uniqueStream } from './nats-test-support.ts';

describe('NatsMessageBus across a broker restart', () => {
  let server: TestNatsServer | undefined;
  let bus: NatsMessageBus | undefined;

  after(async () => {
    await bus?.close();
    await server?.dispose();
  });

  it('stores every message exactly once when the broker restarts while publishing', async () => {
    server = await TestNatsServer.start();
    const { stream, prefix, subjects } = uniqueStream();
    bus = await NatsMessageBus.connect({
      servers: server.url,
      stream,
      subjects,
      maxInFlight: 64,
      publishTimeoutMs: 1000,
      reconnectTimeWaitMs: 100,
    });
    const total = 5000;
    const batchSize = 100;
    let restart: Promise<void> | undefined;
    for (let first = 0; first < total; first += batchSize) {
      const batch = Array.from({ length: batchSize }, (_, i) => messageOn(prefix, `event-${first + i}`));
      // The restart runs beside the publishing: the next batches meet a broker going down and up.
      if (first === 2000) restart = server.restart();
      await bus.publish(batch);
    }
    await restart;

    const info = await (await bus.connection.jetstreamManager()).streams.info(stream);
    expect(info.state.messages).to.equal(total);
    const stored = await take(bus.subscribe({ subject: `${prefix}.>`, fromStart: true }), total);
    const ids = new Set(stored.map((m) => m.id));
    expect(ids.size).to.equal(total);
    for (let i = 0; i < total; i++) expect(ids.has(`event-${i}`), `event-${i}`).to.equal(true);
  });
});
