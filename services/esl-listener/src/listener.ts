import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { consoleRoutes } from './console/index.ts';
import { EslNodes } from './hub/esl-nodes.ts';
import { EslPublisher } from './publishing/publisher.ts';
import { parseTargets } from './targets/parse-targets.ts';
import { EslWebSocketServer } from './websocket/index.ts';

/** Who may use the WebSocket and console: FreeSWITCH traffic spans every org, so platform admins. */
export type EslPrincipal = Readonly<{ scopes: readonly string[] }>;

export type EslListenerOptions = Readonly<{
  host: string;
  /** The WebSocket and console port (SAPIEN_ESL_WS_PORT); 0 for any free port. */
  port: number;
  /** SAPIEN_ESL_TARGETS as given. */
  targets: string | undefined;
  /** SAPIEN_ESL_EVENTS: space-separated event names (default ALL). */
  events?: string | undefined;
  /** SAPIEN_ESL_OUTBOUND_PORT; no outbound listener without it. */
  outboundPort?: number | undefined;
  /** NATS servers (SAPIEN_NATS_URL): events go to ESL_EVENTS; without them they are only shown live. */
  natsUrls?: readonly string[] | undefined;
  /** Where events wait while NATS is away (SAPIEN_ESL_SPOOL_DIR). Needed with natsUrls. */
  spoolDir?: string | undefined;
  /** A bearer token's principal, validated as the API validates tokens. */
  authenticate: (token: string) => Promise<EslPrincipal | undefined>;
  logger: Logger;
}>;

export type RunningEslListener = Readonly<{
  url: string;
  hub: EslNodes;
  publisher: EslPublisher | undefined;
  stop(): Promise<void>;
}>;

/** Event names from SAPIEN_ESL_EVENTS: `CHANNEL_ANSWER CUSTOM sofia::register`. */
const eventsOf = (text: string | undefined): string[] | undefined => {
  const names = (text ?? '').split(/\s+/u).filter((name) => name !== '');
  return names.length === 0 ? undefined : names;
};

const isAdmin = (principal: EslPrincipal): boolean => principal.scopes.includes('admin');

/**
 * The ESL listener: an ESL connection per configured FreeSWITCH (and an outbound listener when a
 * port is given), every event published to ESL_EVENTS through the spooling publisher, and an HTTP
 * server with the health endpoint, the live console (`GET /`) and the WebSocket (`/ws`).
 * With no FreeSWITCH configured (the embedded default) it idles and its WebSocket serves.
 */
export const startEslListener = async (options: EslListenerOptions): Promise<RunningEslListener> => {
  const { logger } = options;
  const targets = parseTargets(options.targets);
  const events = eventsOf(options.events);
  const hub = new EslNodes({
    targets,
    logger,
    ...(events === undefined ? {} : { inbound: { events } }),
    ...(options.outboundPort === undefined ? {} : { outbound: { port: options.outboundPort, host: options.host } }),
  });
  let publisher: EslPublisher | undefined;
  if (options.natsUrls !== undefined && options.natsUrls.length > 0) {
    if (options.spoolDir === undefined) throw new Error('the ESL publisher needs a spool folder (SAPIEN_ESL_SPOOL_DIR)');
    const running = new EslPublisher({ servers: [...options.natsUrls], spoolDirectory: options.spoolDir, logger, connectionName: 'sapien-esl-listener' });
    publisher = running;
    hub.onEvent((event) => running.publish(event));
    await running.start();
  }

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (request.method === 'GET' && path === '/status') {
      const body = { service: 'sapien-esl-listener', state: targets.length === 0 && options.outboundPort === undefined ? 'idle' : 'configured', nodes: hub.nodes(), metrics: hub.metrics(), publisher: publisher?.metrics };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return;
    }
    if (consoleRoutes(request, response)) return;
    response
      .writeHead(404, { 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ type: 'urn:sapien:problem:not-found', title: 'Not Found', status: 404, detail: `no route ${path}` }));
  });
  const websocket = new EslWebSocketServer<EslPrincipal>({
    server,
    hub,
    authenticate: async (token) => {
      const principal = await options.authenticate(token);
      return principal !== undefined && isAdmin(principal) ? principal : undefined;
    },
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  await hub.start();
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  logger.info(
    { url, nodes: targets.map((target) => target.node), outboundPort: options.outboundPort, nats: publisher !== undefined },
    targets.length === 0 ? 'esl-listener idle: no FreeSWITCH configured (SAPIEN_ESL_TARGETS)' : 'esl-listener started',
  );
  return {
    url,
    hub,
    publisher,
    stop: async () => {
      await websocket.close();
      await hub.stop();
      await publisher?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
};
