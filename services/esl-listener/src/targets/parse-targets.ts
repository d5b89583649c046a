import { EslTargetsError } from './esl-targets-error.ts';

/** One FreeSWITCH to keep an inbound event socket to. */
export type EslTarget = Readonly<{ node: string; host: string; port: number; password: string }>;

export const DEFAULT_ESL_PORT = 8021;
export const TARGET_FORM = 'esl://:<password>@<host>:<port>/<node-name>';

/**
 * Parses SAPIEN_ESL_TARGETS: comma-separated `esl://:<password>@<host>:<port>/<node-name>`, the
 * port 8021 and the node name the host when left out. Empty entries (a trailing comma) are
 * skipped; nothing configured gives no targets.
 */
export function parseTargets(text: string | undefined): EslTarget[] {
  const targets: EslTarget[] = [];
  const entries = (text ?? '').split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    if (entry === '') return;
    const target = parseTarget(entry, index + 1);
    if (targets.some((other) => other.node === target.node)) {
      throw new EslTargetsError(
        'duplicate_node',
        `SAPIEN_ESL_TARGETS entry ${index + 1} (${maskPassword(entry)}) reuses node name "${target.node}": ` +
          `node names must be unique; give each a name, ${TARGET_FORM}`,
        { entry: maskPassword(entry), index: index + 1 },
      );
    }
    targets.push(target);
  });
  return targets;
}

function parseTarget(entry: string, index: number): EslTarget {
  const fail = (problem: string): never => {
    const masked = maskPassword(entry);
    throw new EslTargetsError(
      'invalid_target',
      `SAPIEN_ESL_TARGETS entry ${index} (${masked}) ${problem}; expected ${TARGET_FORM}`,
      { entry: masked, index },
    );
  };
  // The URL parser's own error carries the input, password included, so it is never passed on.
  const url = URL.canParse(entry) ? new URL(entry) : fail('is not a URL');
  if (url.protocol !== 'esl:') fail(`has scheme "${url.protocol.slice(0, -1)}", not "esl"`);
  if (url.username !== '') fail('has a user name: the password goes after the colon');
  const password = decodeComponent(url.password) ?? fail('has a badly percent-encoded password');
  if (password === '') fail('has no password');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') fail('has no host');
  const port = url.port === '' ? DEFAULT_ESL_PORT : Number(url.port);
  if (port < 1 || port > 65535) fail(`has port ${port}, outside 1–65535`);
  if (url.search !== '' || url.hash !== '') fail('has a query or fragment');
  const path = url.pathname.replace(/^\//, '');
  if (path.includes('/')) fail('has a node name with "/"');
  const node = path === '' ? host : (decodeComponent(path) ?? fail('has a badly percent-encoded node name'));
  if (/\s/.test(node)) fail(`has a node name with white space`);
  return { node, host, port, password };
}

function decodeComponent(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The entry with whatever could be a password (the user info before the host) masked. */
export function maskPassword(entry: string): string {
  const schemeEnd = entry.indexOf('://');
  const start = schemeEnd === -1 ? 0 : schemeEnd + 3;
  const at = entry.lastIndexOf('@');
  if (at >= start) return `${entry.slice(0, start)}:***${entry.slice(at)}`;
  // No `@`: a leading ':' still means a password was meant, with the host left out.
  if (entry[start] === ':') return `${entry.slice(0, start)}:***`;
  return entry;
}
