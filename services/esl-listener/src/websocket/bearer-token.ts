import type { IncomingMessage } from 'node:http';

export const BEARER_PROTOCOL_PREFIX = 'bearer.';

export type BearerToken = Readonly<{
  token: string;
  /** Where it came from; a browser's subprotocol must be echoed in the handshake. */
  source: 'header' | 'subprotocol' | 'query';
  /** The subprotocol that carried it. */
  protocol?: string;
}>;

/**
 * The upgrade request's bearer token: `Authorization: Bearer …`, else the subprotocol
 * `bearer.<token>` (browsers cannot set headers on a WebSocket), else `?access_token=`.
 */
export function bearerToken(request: IncomingMessage, url: URL): BearerToken | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    return match?.[1] === undefined ? undefined : { token: match[1], source: 'header' };
  }
  const protocol = offeredProtocols(request).find((offered) => offered.startsWith(BEARER_PROTOCOL_PREFIX) && offered.length > BEARER_PROTOCOL_PREFIX.length);
  if (protocol !== undefined) return { token: protocol.slice(BEARER_PROTOCOL_PREFIX.length), source: 'subprotocol', protocol };
  const query = url.searchParams.get('access_token');
  return query === null || query === '' ? undefined : { token: query, source: 'query' };
}

const offeredProtocols = (request: IncomingMessage): string[] =>
  (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
