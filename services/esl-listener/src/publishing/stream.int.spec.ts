import { expect } from 'chai';
import { TestNatsServer, requireNats } from '@sapien/testing';
import { StorageType, connect, nanos } from 'nats';
import type { JetStreamManager, NatsConnection } from 'nats';
import { ensureEslEventsStream } from './stream.ts';

describe('ensureEslEventsStream', () => {
  let server: TestNatsServer | undefined;
  let nc: NatsConnection | undefined;
  let jsm: JetStreamManager;

  before(requireNats);

  before(async () => {
    server = await TestNatsServer.start();
    nc = await connect({ servers: server.url });
    jsm = await nc.jetstreamManager();
  });

  after(async () => {
    await nc?.close();
    await server?.dispose();
  });

  it('creates ESL_EVENTS on esl.events.> with file storage and a 2 minute duplicate window', async () => {
    const ensured = await ensureEslEventsStream(jsm);
    expect(ensured.created).to.equal(true);
    const { config } = await jsm.streams.info('ESL_EVENTS');
    expect(config.subjects).to.deep.equal(['esl.events.>']);
    expect(config.storage).to.equal(StorageType.File);
    expect(config.duplicate_window).to.equal(nanos(120_000));
  });

  it('leaves the stream as it is when it exists with the same configuration', async () => {
    const ensured = await ensureEslEventsStream(jsm);
    expect(ensured).to.include({ created: false, updated: false });
  });

  it('succeeds when several listeners ensure it at once', async () => {
    await jsm.streams.delete('ESL_EVENTS');
    const results = await Promise.all([1, 2, 3].map(() => ensureEslEventsStream(jsm)));
    expect(results.filter((result) => result.created)).to.have.length.of.at.least(1);
    expect(results.map((result) => result.info.config.name)).to.deep.equal(['ESL_EVENTS', 'ESL_EVENTS', 'ESL_EVENTS']);
  });
});
