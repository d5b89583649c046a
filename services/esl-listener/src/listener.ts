import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export type EslListenerOptions = Readonly<{
  host: string;
  port: number;
  /** `SAPIEN_ESL_TARGETS` as given; parsed and connected by the ESL capability. */
  targets: string | undefined;
  logger: Logger;
}>;

export type RunningEslListener = Readonly<{ url: string; stop(): Promise<void> }>;

/**
 * The ESL listener's HTTP side. With no FreeSWITCH configured (the embedded default) it idles and
 * serves its health endpoints and a status page; event sockets, the WebSocket protocol and
 * publishing to ESL_EVENTS arrive with the ESL capability.
 */
export const startEslListener = async (options: EslListenerOptions): Promise<RunningEslListener> => {
  const targets = options.targets ? options.targets.split(',').filter((target) => target.trim() !== '').length : 0;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health/live') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (request.method === 'GET' && path === '/') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ service: 'sapien-esl-listener', targets, state: targets === 0 ? 'idle' : 'configured' }));
      return;
    }
    response
      .writeHead(404, { 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ type: 'urn:sapien:problem:not-found', title: 'Not Found', status: 404, detail: `no route ${path}` }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host}:${port}`;
  options.logger.info({ url, targets }, targets === 0 ? 'esl-listener idle: no FreeSWITCH configured (SAPIEN_ESL_TARGETS)' : 'esl-listener started');
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
