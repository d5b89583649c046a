import { expect } from 'chai';
import { WebSocket } from 'ws';
import { CLOSE_TRY_AGAIN_LATER } from './client-connection.ts';
import { namedEvent } from './testing/fake-hub.ts';
import { TestClient } from './testing/test-client.ts';
import { startTestServer, TEST_TOKEN, type RunningTestServer } from './testing/test-server.ts';

const MAX_BUFFERED = 256 * 1024;
// Each event carries 16 KiB, and a batch stays under the buffer limit, so a client that reads
// between batches can never be taken for a slow one.
const BODY = 'x'.repeat(16 * 1024);
const BATCH = 8;
// Loopback socket buffers hold a few MiB before the server's own buffer grows; this bounds the test.
const MAX_EVENTS = 8_000;

describe('the ESL WebSocket server: slow and dead clients', () => {
  let server: RunningTestServer;

  afterEach(() => server.close());

  it('closes a client that stops reading with 1013 while another receives every event', async () => {
    server = await startTestServer({ maxBufferedBytes: MAX_BUFFERED });
    const slow = await TestClient.open(server.wsUrl);
    const fast = await TestClient.open(server.wsUrl);
    await slow.request('subscribe', { events: ['ALL'] });
    await fast.request('subscribe', { events: ['ALL'] });
    slow.stall();

    let emitted = 0;
    const emitBatch = async (): Promise<void> => {
      for (let i = 0; i < BATCH; i++) server.hub.emit({ ...namedEvent('CHANNEL_DATA'), body: BODY });
      emitted += BATCH;
      await fast.until(() => fast.events().length === emitted);
    };
    while (server.websockets.metrics().closedSlow === 0 && emitted < MAX_EVENTS) await emitBatch();
    expect(server.websockets.metrics().closedSlow).to.equal(1);

    // The fast client goes on as if nothing happened.
    for (let i = 0; i < 4; i++) await emitBatch();
    expect(fast.events()).to.have.length(emitted);
    expect(server.websockets.metrics().clients).to.equal(1);

    slow.resume();
    const closed = await slow.closed;
    expect(closed.code).to.equal(CLOSE_TRY_AGAIN_LATER);
    expect(slow.events().length).to.be.lessThan(emitted);
    fast.close();
  });

  it('terminates a peer that stops answering pings', async () => {
    server = await startTestServer({ pingIntervalMs: 20 });
    const dead = await TestClient.open(server.wsUrl, { autoPong: false });
    const alive = await TestClient.open(server.wsUrl);
    expect((await dead.closed).code).to.equal(1006);
    expect(server.websockets.metrics()).to.deep.include({ clients: 1, closedDead: 1 });
    expect(alive.socket.readyState).to.equal(WebSocket.OPEN);
    alive.close();
  });

  it('closes every client with 1001 on close and refuses new upgrades', async () => {
    server = await startTestServer();
    const client = await TestClient.open(server.wsUrl);
    await server.websockets.close();
    expect((await client.closed).code).to.equal(1001);
    const refused = await new Promise<string>((resolve) => {
      const late = new WebSocket(server.wsUrl, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
      late.on('open', () => resolve('opened'));
      late.on('error', (error) => resolve(error.message));
    });
    expect(refused).to.not.equal('opened');
  });
});
