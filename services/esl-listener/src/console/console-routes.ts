import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Asset = Readonly<{ file: string; contentType: string }>;

const ASSETS: Readonly<Record<string, Asset>> = {
  '/': { file: 'console.html', contentType: 'text/html; charset=utf-8' },
  '/console.js': { file: 'console.js', contentType: 'text/javascript; charset=utf-8' },
  '/console.css': { file: 'console.css', contentType: 'text/css; charset=utf-8' },
};

/**
 * Same-origin only: no inline script or style, no CDN; `connect-src 'self'` admits the page's
 * own WebSocket (ws:/wss: of the same host). A blob: download is a navigation, not a fetch.
 */
export const CONSOLE_CSP = "default-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
} as const;

const cache = new Map<string, Buffer>();

// Read once, on first use: the files ship beside this module.
const content = (file: string): Buffer => {
  let bytes = cache.get(file);
  if (bytes === undefined) {
    bytes = readFileSync(new URL(`./static/${file}`, import.meta.url));
    cache.set(file, bytes);
  }
  return bytes;
};

/**
 * The live console: `GET /` (the page), `/console.js`, `/console.css`; HEAD too. Returns true
 * when it answered, false for any other request (for the listener's next route).
 */
export function consoleRoutes(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const asset = ASSETS[path];
  if (asset === undefined) return false;
  const body = content(asset.file);
  response.writeHead(200, { ...HEADERS, 'content-type': asset.contentType, 'content-length': body.length });
  response.end(request.method === 'HEAD' ? undefined : body);
  return true;
}
