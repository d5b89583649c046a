import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';

/** Where the machine's PostgreSQL and NATS listen; overridable for other machines. */
export const POSTGRES_URL = process.env.SAPIEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.SAPIEN_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

const reachable = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = createConnection({ host: hostname, port: Number(port), timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

/**
 * Makes a suite depend on a real service. Outside CI a missing service skips the suite with a
 * message saying so; with CI=true it fails the run, so nothing is skipped silently.
 */
export const requireService = (name: string, url: string, hint: string) =>
  async function (this: Mocha.Context): Promise<void> {
    if (await reachable(url)) return;
    const message = `${name} is not reachable at ${url}: ${hint}`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`  skipped: ${message}`);
    this.skip();
  };

/** `before(requirePostgres)` in a suite that needs PostgreSQL. */
export const requirePostgres = requireService(
  'PostgreSQL',
  POSTGRES_URL,
  'start it (pg_ctlcluster 15 main start) or set SAPIEN_TEST_POSTGRES_URL',
);

/** `before(requireNats)` in a suite that needs the machine's NATS with JetStream. */
export const requireNats = requireService(
  'NATS',
  NATS_URL,
  'start nats-server -js -p 4222 or set SAPIEN_TEST_NATS_URL',
);

/** A unique, lowercase name for a test's own database, stream or folder. */
export const uniqueName = (prefix: string): string => `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
