import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleRoutes } from '../../console/index.ts';
import { EslWebSocketServer, type EslWebSocketServerOptions } from '../esl-websocket-server.ts';
import { FakeEslHub } from './fake-hub.ts';

export const TEST_TOKEN = 'test-token_0123456789';

export type TestPrincipal = Readonly<{ clientId: string }>;

export type RunningTestServer = Readonly<{
  hub: FakeEslHub;
  websockets: EslWebSocketServer<TestPrincipal>;
  http: Server;
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/ws */
  wsUrl: string;
  close(): Promise<void>;
}>;

/**
 * The listener's HTTP side as the composition wires it — console routes, a health route, the
 * WebSocket server on the same node:http server — over a fake hub, on a random loopback port.
 */
export async function startTestServer(
  options: Partial<Omit<EslWebSocketServerOptions<TestPrincipal>, 'server' | 'hub'>> = {},
): Promise<RunningTestServer> {
  const hub = new FakeEslHub();
  const http = createServer((request, response) => {
    if (consoleRoutes(request, response)) return;
    if (request.url === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    response.writeHead(404).end();
  });
  const websockets = new EslWebSocketServer<TestPrincipal>({
    server: http,
    hub,
    authenticate: async (token) => (token === TEST_TOKEN ? { clientId: 'console-test' } : undefined),
    ...options,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    hub,
    websockets,
    http,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    close: async () => {
      await websockets.close();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
