import { join } from 'node:path';
import { SapienError } from '@sapien/kernel';
import type { Variable } from './variables.ts';
import { InvalidValue, databaseUrl, directory, host, natsUrls, oneOf, origin, port, positiveInt, secret, text } from './variables.ts';

/** Every setting of Sapien, each from one environment variable (the README's configuration table). */
export const VARIABLES = {
  dataDir: directory('SAPIEN_DATA_DIR', './data'),
  eventStoreUrl: databaseUrl('SAPIEN_EVENTSTORE_URL', 'sqlite:<data dir>/events.sqlite'),
  readDbUrl: databaseUrl('SAPIEN_READ_DB_URL', 'sqlite:<data dir>/read.sqlite'),
  natsUrls: natsUrls('SAPIEN_NATS_URL'),
  apiHost: host('SAPIEN_API_HOST', '127.0.0.1'),
  apiPort: port('SAPIEN_API_PORT', 8080),
  eslWsPort: port('SAPIEN_ESL_WS_PORT', 8091),
  eslOutboundPort: port('SAPIEN_ESL_OUTBOUND_PORT', 8084),
  eslTargets: text('SAPIEN_ESL_TARGETS', undefined, 'comma-separated esl://:<password>@<host>:<port>/<node> (default: none, the listener idles)'),
  eslEvents: text('SAPIEN_ESL_EVENTS', undefined, 'space-separated event names, `CUSTOM <subclass>…` last (default: ALL)'),
  eslSpoolDir: text('SAPIEN_ESL_SPOOL_DIR', undefined, 'a folder (default <data dir>/esl-spool)'),
  logLevel: oneOf('SAPIEN_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  minPositionTimeoutMs: positiveInt('SAPIEN_MIN_POSITION_TIMEOUT_MS', 5000, 'milliseconds a query waits for Sapien-Min-Position'),
  bodyLimitBytes: positiveInt('SAPIEN_BODY_LIMIT_BYTES', 1_048_576, 'bytes accepted in a request body'),
  bootstrapClientId: text('SAPIEN_BOOTSTRAP_CLIENT_ID', undefined, 'a client id of 3 to 64 letters, digits or . _ ~ - (default: none)'),
  bootstrapClientSecret: secret('SAPIEN_BOOTSTRAP_CLIENT_SECRET', 24, 'the secret of SAPIEN_BOOTSTRAP_CLIENT_ID; only a hash of it is stored'),
  oauthKeysFile: text('SAPIEN_OAUTH_KEYS_FILE', undefined, 'a file path (default <data dir>/oauth-keys.json, created on first start)'),
  publicUrl: origin('SAPIEN_PUBLIC_URL', 'http://<api host>:<api port>'),
  secretKey: secret('SAPIEN_SECRET_KEY', 44, 'base64 of 32 random bytes (`openssl rand -base64 32`); default: generated into <data dir>/secret.key on first start'),
} as const satisfies Record<string, Variable<unknown>>;

/** What each variable sets, for the README's table (a missing one fails the type check). */
const PURPOSES: Readonly<Record<keyof typeof VARIABLES, string>> = {
  dataDir: 'where the embedded SQLite files live',
  eventStoreUrl: 'the event store',
  readDbUrl: 'the read-model database (the tables query clients read)',
  natsUrls: 'the message bus: NATS JetStream servers',
  apiHost: "the API's listening address (0.0.0.0 for every interface)",
  apiPort: "the API's port",
  eslWsPort: "the ESL listener's WebSocket and console port",
  eslOutboundPort: "the port FreeSWITCH's outbound `socket` application dials",
  eslTargets: 'the FreeSWITCH servers the ESL listener connects to',
  eslEvents: 'the FreeSWITCH events the listener subscribes to (`event json …`)',
  eslSpoolDir: 'where ESL events wait on disk while NATS is away',
  logLevel: 'how much Sapien logs (JSON lines on stdout)',
  minPositionTimeoutMs: 'how long a query with `Sapien-Min-Position` waits before 503',
  bodyLimitBytes: 'the largest request body; larger ones get 413',
  bootstrapClientId: 'the first platform-admin OAuth client, registered at start (set both or neither)',
  bootstrapClientSecret: "that client's secret (set both or neither)",
  oauthKeysFile: "the OAuth server's signing and cookie keys (keep it secret, keep it across restarts)",
  publicUrl: 'the URL clients reach the API at: the OAuth issuer',
  secretKey: "the key that seals users' TOTP secrets; every API instance needs the same one",
};

type Parsed<V> = V extends Variable<infer T> ? T : never;
type RawConfig = { -readonly [K in keyof typeof VARIABLES]: Parsed<(typeof VARIABLES)[K]> };

export type SapienConfig = Readonly<
  Omit<RawConfig, 'eventStoreUrl' | 'readDbUrl' | 'oauthKeysFile' | 'eslSpoolDir'> & {
    eventStoreUrl: string;
    readDbUrl: string;
    oauthKeysFile: string;
    eslSpoolDir: string;
  }
>;

/** A bad setting: names each variable, what it got and what it expects. */
export class ConfigError extends SapienError {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super('invalid-configuration', `Sapien cannot start: ${problems.join('; ')}`, 500, { problems });
  }
}

/** Reads and validates every variable, reporting all bad ones at once. */
export const readConfig = (env: Readonly<Record<string, string | undefined>> = process.env): SapienConfig => {
  const problems: string[] = [];
  const values: Partial<Record<string, unknown>> = {};
  for (const [key, variable] of Object.entries(VARIABLES) as [string, Variable<unknown>][]) {
    try {
      values[key] = variable.parse(env[variable.name]);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      problems.push(`${variable.name} ${error.message}; expected ${variable.expects}`);
    }
  }
  if ((values.bootstrapClientId === undefined) !== (values.bootstrapClientSecret === undefined)) {
    problems.push('SAPIEN_BOOTSTRAP_CLIENT_ID and SAPIEN_BOOTSTRAP_CLIENT_SECRET go together; expected both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const raw = values as RawConfig;
  return {
    ...raw,
    eventStoreUrl: raw.eventStoreUrl ?? `sqlite:${join(raw.dataDir, 'events.sqlite')}`,
    readDbUrl: raw.readDbUrl ?? `sqlite:${join(raw.dataDir, 'read.sqlite')}`,
    oauthKeysFile: raw.oauthKeysFile ?? join(raw.dataDir, 'oauth-keys.json'),
    eslSpoolDir: raw.eslSpoolDir ?? join(raw.dataDir, 'esl-spool'),
  };
};

/** The configuration table in markdown, for the README and `sapien config`. */
export const describeVariables = (): string[] => [
  '| variable | sets | expects |',
  '|---|---|---|',
  ...(Object.entries(VARIABLES) as [keyof typeof VARIABLES, Variable<unknown>][]).map(
    ([key, variable]) => `| \`${variable.name}\` | ${PURPOSES[key]} | ${variable.expects} |`,
  ),
];
