import { expect } from 'chai';
import { NATS_URL, requireNats } from '@sapien/testing';
import { StorageType, connect, nanos } from 'nats';
import type { JetStreamManager, NatsConnection } from 'nats';
import { ensureStream } from './ensure-stream.ts';
import { uniqueStream } from './nats-test-support.ts';

describe('ensureStream', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const created: string[] = [];

  before(requireNats);

  before(async () => {
    nc = await connect({ servers: NATS_URL });
    jsm = await nc.jetstreamManager();
  });

  after(async () => {
    for (const stream of created) await jsm.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const fresh = (): ReturnType<typeof uniqueStream> => {
    const names = uniqueStream();
    created.push(names.stream);
    return names;
  };

  it('creates a missing stream with file storage', async () => {
    const { stream, subjects } = fresh();
    const ensured = await ensureStream(jsm, { name: stream, subjects, duplicate_window: nanos(600_000) });
    expect(ensured.created).to.equal(true);
    const info = await jsm.streams.info(stream);
    expect(info.config.subjects).to.deep.equal(subjects);
    expect(info.config.storage).to.equal(StorageType.File);
    expect(info.config.duplicate_window).to.equal(nanos(600_000));
  });

  it('leaves a present stream, its messages and its limits as they are', async () => {
    const { stream, prefix, subjects } = fresh();
    await jsm.streams.add({ name: stream, subjects, max_msgs: 10, duplicate_window: nanos(900_000) });
    await nc.jetstream().publish(`${prefix}.kept`, new Uint8Array([1]));
    const ensured = await ensureStream(jsm, { name: stream, subjects, duplicate_window: nanos(600_000) });
    expect(ensured).to.include({ created: false, updated: false });
    const info = await jsm.streams.info(stream);
    expect(info.config.max_msgs).to.equal(10);
    expect(info.config.duplicate_window).to.equal(nanos(900_000));
    expect(info.state.messages).to.equal(1);
  });

  it('adds missing subjects and lengthens a short duplicate window, keeping the rest', async () => {
    const { stream, prefix } = fresh();
    await jsm.streams.add({ name: stream, subjects: [`${prefix}.a.>`], max_msgs: 10, duplicate_window: nanos(60_000) });
    const ensured = await ensureStream(jsm, { name: stream, subjects: [`${prefix}.b.>`], duplicate_window: nanos(600_000) });
    expect(ensured.updated).to.equal(true);
    expect(ensured.info.config.subjects).to.deep.equal([`${prefix}.a.>`, `${prefix}.b.>`]);
    expect(ensured.info.config.duplicate_window).to.equal(nanos(600_000));
    expect(ensured.info.config.max_msgs).to.equal(10);
  });

  it('succeeds when several processes ensure the same stream at once', async () => {
    const { stream, subjects } = fresh();
    const results = await Promise.all([1, 2, 3].map(() => ensureStream(jsm, { name: stream, subjects })));
    expect(results.map((result) => result.info.config.name)).to.deep.equal([stream, stream, stream]);
    expect((await jsm.streams.info(stream)).config.subjects).to.deep.equal(subjects);
  });
});
