import { expect } from 'chai';
import { TestNatsServer, requireNats } from '@sapien/testing';
import { connect, ErrorCode, NatsError, type NatsConnection } from 'nats';
import { JetStreamAcks } from './jetstream-acks.ts';
import { isNoResponders, isPermanentPublishError } from './publish-errors.ts';
import { waitUntil } from './publishing-test-support.ts';

type Outcome = Readonly<{ token: number; duplicate?: boolean; error?: unknown }>;

describe('JetStreamAcks', () => {
  let server: TestNatsServer;
  let nc: NatsConnection;
  let acks: JetStreamAcks<number> | undefined;
  const outcomes: Outcome[] = [];

  before(requireNats);

  beforeEach(async () => {
    server = await TestNatsServer.start();
    nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'ACKS', subjects: ['acks.>'], duplicate_window: 60_000_000_000, max_msg_size: 1024 });
    outcomes.length = 0;
  });

  afterEach(async () => {
    acks?.close();
    acks = undefined;
    await nc.close();
    await server.dispose();
  });

  const start = (ackTimeoutMs = 2000): JetStreamAcks<number> => {
    acks = new JetStreamAcks<number>(nc, ackTimeoutMs, {
      onAck: (token, duplicate) => outcomes.push({ token, duplicate }),
      onFailure: (token, error) => outcomes.push({ token, error }),
    });
    return acks;
  };
  const settled = (count: number) => waitUntil(`${count} outcomes`, () => outcomes.length >= count, 10_000);
  const payload = (text: string) => Buffer.from(text);

  it('reports each stored message once, with its message id kept for de-duplication', async () => {
    const sender = start();
    for (let token = 1; token <= 200; token++) sender.publish('acks.a', payload(`m${token}`), `id-${token}`, token);
    sender.publish('acks.a', payload('again'), 'id-7', 201);
    await settled(201);

    expect(outcomes.map((outcome) => outcome.token).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 201 }, (_, i) => i + 1));
    expect(outcomes.filter((outcome) => outcome.error !== undefined)).to.deep.equal([]);
    expect(outcomes.filter((outcome) => outcome.duplicate).map((outcome) => outcome.token)).to.deep.equal([201]);
    expect(sender.inFlight).to.equal(0);
    const info = await (await nc.jetstreamManager()).streams.info('ACKS');
    expect(info.state.messages).to.equal(200);
  });

  it('reports JetStream refusing a message as its API error, which is permanent for an oversized one', async () => {
    start().publish('acks.big', Buffer.alloc(4096, 0x61), 'big', 1);
    await settled(1);

    const { error } = outcomes[0]!;
    expect(error).to.be.instanceOf(NatsError);
    expect((error as NatsError).api_error?.err_code).to.equal(10054);
    expect(isPermanentPublishError(error)).to.equal(true);
  });

  it('reports no responders when no stream takes the subject', async () => {
    start().publish('nowhere.a', payload('x'), 'n1', 1);
    await settled(1);

    expect(isNoResponders(outcomes[0]!.error)).to.equal(true);
  });

  it('times out the messages nobody acknowledges, oldest first', async () => {
    // A plain subscriber takes the subject and never answers: no JetStream ack, no "no responders".
    const silent = nc.subscribe('silent.>');
    const sender = start(150);
    sender.publish('silent.a', payload('1'), 's1', 1);
    sender.publish('silent.a', payload('2'), 's2', 2);
    await settled(2);

    expect(outcomes.map((outcome) => outcome.token)).to.deep.equal([1, 2]);
    for (const { error } of outcomes) expect((error as NatsError).code).to.equal(ErrorCode.Timeout);
    expect(sender.inFlight).to.equal(0);
    silent.unsubscribe();
  });

  it('fails a publish after close without throwing, and reports nothing still pending', async () => {
    const silent = nc.subscribe('silent.>');
    const sender = start(100);
    sender.publish('silent.a', payload('1'), 's1', 1);
    sender.close();
    sender.publish('acks.a', payload('2'), 's2', 2);
    await settled(1);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(outcomes.map((outcome) => outcome.token)).to.deep.equal([2]);
    expect((outcomes[0]!.error as NatsError).code).to.equal(ErrorCode.ConnectionClosed);
    silent.unsubscribe();
  });

  it('reports a publish the client refuses (above the server max_payload) through the handlers, not by throwing', async () => {
    const sender = start();
    expect(() => sender.publish('acks.a', Buffer.alloc(2 * 1024 * 1024), 'huge', 1)).not.to.throw();
    await settled(1);

    expect((outcomes[0]!.error as NatsError).code).to.equal(ErrorCode.MaxPayloadExceeded);
    expect(isPermanentPublishError(outcomes[0]!.error)).to.equal(true);
    expect(sender.inFlight).to.equal(0);
  });
});
