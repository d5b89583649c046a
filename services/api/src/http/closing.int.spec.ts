import { expect } from 'chai';
import { once } from 'node:events';
import { connect } from 'node:net';
import { startHarness, type Harness } from '../testing/harness.ts';

describe('an API that is closing', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => harness.close());

  it('refuses a request that completes while it closes with a problem+json 503, Retry-After and Connection: close', async () => {
    const address = harness.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const socket = connect({ port, host: '127.0.0.1' });
    await once(socket, 'connect');
    // Half a request: the connection is busy, so closing waits for it instead of dropping it.
    socket.write('GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = harness.app.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (raw += chunk));
    const ended = once(socket, 'end');
    socket.write('\r\n');
    await ended;
    await closing;
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    expect(head).to.match(/^HTTP\/1\.1 503 /);
    expect(head.toLowerCase()).to.contain('content-type: application/problem+json');
    expect(head.toLowerCase()).to.contain('retry-after: 1');
    expect(head.toLowerCase()).to.contain('connection: close');
    expect(JSON.parse(body)).to.include({ type: 'urn:sapien:problem:shutting-down', status: 503 });
  });
});
