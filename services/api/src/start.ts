import type { FastifyInstance } from 'fastify';
import { buildApi } from './app.ts';
import type { ApiDependencies } from './dependencies.ts';
import { assertLoopbackHost } from './loopback.ts';

export const LOOPBACK_NOTICE = 'listening on loopback only: without an OAuth server /v1 needs no token';

export type StartApiOptions = Readonly<{
  /** Default 8080 (PRODUCT.md §2: SAPIEN_API_PORT); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1; anything but a loopback address is refused until OAuth lands. */
  host?: string;
}>;

/** How long a close waits for connections to end before it cuts them. */
export const CLOSE_GRACE_MS = 5_000;

/**
 * Closes the app: requests in flight finish, idle kept-alive connections close. A connection that
 * holds a request not yet read when the server stopped accepting would keep the close waiting
 * forever; after `graceMs` every connection is cut.
 */
const closeWithin = async (app: FastifyInstance, graceMs: number): Promise<void> => {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  timer.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
};

export type RunningApi = Readonly<{ app: FastifyInstance; url: string; port: number; close(): Promise<void> }>;

/** Builds the API and listens on a loopback address; refuses (throws NonLoopbackHostError) any other. */
export const startApi = async (deps: ApiDependencies, options: StartApiOptions = {}): Promise<RunningApi> => {
  const host = options.host ?? '127.0.0.1';
  // Without a token resolver /v1 is open: then only this machine may reach it.
  const open = deps.resolvePrincipal === undefined;
  if (open) assertLoopbackHost(host);
  const app = await buildApi(deps);
  try {
    await app.listen({ port: options.port ?? 8080, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // Said even without a logger: whoever starts the API must know who can reach it.
  if (open && deps.logger) app.log.warn({ url }, LOOPBACK_NOTICE);
  else if (open) process.stderr.write(`sapien api: ${LOOPBACK_NOTICE} (${url})\n`);
  return { app, url, port, close: () => closeWithin(app, CLOSE_GRACE_MS) };
};
