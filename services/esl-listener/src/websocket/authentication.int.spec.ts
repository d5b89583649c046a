import { expect } from 'chai';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import { TestClient } from './testing/test-client.ts';
import { startTestServer, TEST_TOKEN, type RunningTestServer } from './testing/test-server.ts';

/** The HTTP status an upgrade request gets (101 when the server switches protocols). */
const upgradeAnswer = (url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> =>
  new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' });
    });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });

const refusal = (url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}, protocols: string[] = []): Promise<string> =>
  new Promise((resolve) => {
    const socket = new WebSocket(url, protocols, options);
    socket.on('open', () => {
      socket.terminate();
      resolve('opened');
    });
    socket.on('error', (error) => resolve(error.message));
  });

describe('the ESL WebSocket server: authentication on the upgrade', () => {
  let server: RunningTestServer;

  before(async () => {
    server = await startTestServer();
  });

  after(() => server.close());

  it('refuses an upgrade without a token with 401 and a Bearer challenge', async () => {
    const answer = await upgradeAnswer(`${server.url}/ws`, {});
    expect(answer.status).to.equal(401);
    expect(answer.headers['www-authenticate']).to.match(/^Bearer /);
    expect(JSON.parse(answer.body)).to.include({ status: 401, detail: 'a bearer token is required' });
    expect(await refusal(server.wsUrl)).to.equal('Unexpected server response: 401');
  });

  it('refuses an invalid token, in the header or as a subprotocol, with 401', async () => {
    const answer = await upgradeAnswer(`${server.url}/ws`, { authorization: 'Bearer wrong' });
    expect(answer.status).to.equal(401);
    expect(answer.headers['www-authenticate']).to.contain('error="invalid_token"');
    expect(await refusal(server.wsUrl, { headers: { authorization: 'Bearer wrong' } })).to.equal('Unexpected server response: 401');
    expect(await refusal(server.wsUrl, {}, ['bearer.wrong'])).to.equal('Unexpected server response: 401');
    expect(server.websockets.metrics().clients).to.equal(0);
  });

  it('refuses with 503 while token validation is failing', async () => {
    const failing = await startTestServer({ authenticate: () => Promise.reject(new Error('token store down')) });
    try {
      expect((await upgradeAnswer(`${failing.url}/ws`, { authorization: `Bearer ${TEST_TOKEN}` })).status).to.equal(503);
    } finally {
      await failing.close();
    }
  });

  it('answers 404 to an upgrade on another path', async () => {
    expect((await upgradeAnswer(`${server.url}/other`, { authorization: `Bearer ${TEST_TOKEN}` })).status).to.equal(404);
  });

  it('accepts a valid token in the Authorization header', async () => {
    const client = await TestClient.open(server.wsUrl);
    expect((await client.request('getNodes')).ok).to.equal(true);
    client.close();
  });

  it('accepts a valid token as the bearer.<token> subprotocol, and echoes that subprotocol', async () => {
    const client = await TestClient.open(server.wsUrl, { protocols: [`bearer.${TEST_TOKEN}`] });
    expect(client.socket.protocol).to.equal(`bearer.${TEST_TOKEN}`);
    expect((await client.request('getNodes')).ok).to.equal(true);
    client.close();
  });

  it('accepts a valid token as ?access_token=', async () => {
    const client = await TestClient.open(`${server.wsUrl}?access_token=${TEST_TOKEN}`);
    expect((await client.request('getNodes')).ok).to.equal(true);
    client.close();
  });

  it('refuses commands the authorize hook denies, keeping the connection', async () => {
    const guarded = await startTestServer({ authorize: (_principal, command) => command !== 'api' });
    try {
      const client = await TestClient.open(guarded.wsUrl);
      const denied = await client.request('api', { node: 'fs1', cmd: 'status' });
      expect(denied).to.deep.include({ ok: false, error: { code: 'forbidden', message: 'this token may not run api' } });
      expect(guarded.hub.commands).to.deep.equal([]);
      expect((await client.request('getNodes')).ok).to.equal(true);
      client.close();
    } finally {
      await guarded.close();
    }
  });
});
