import { BlockList, isIP } from 'node:net';
import { NonLoopbackHostError } from './errors.ts';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6'); // also matches IPv4-mapped 127.x and every spelling of ::1

/** 127.0.0.0/8, ::1 (in any spelling, bracketed or not) or `localhost`. */
export const isLoopbackHost = (host: string): boolean => {
  const bare = host.replace(/^\[(.*)\]$/u, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 6 ? 'ipv6' : 'ipv4');
};

/** Until OAuth is enabled the API must not be reachable from elsewhere: refuse any other host. */
export const assertLoopbackHost = (host: string): void => {
  if (!isLoopbackHost(host)) throw new NonLoopbackHostError(host);
};
