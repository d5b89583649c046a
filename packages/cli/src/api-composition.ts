import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ApiDependencies, WaitForPosition } from '@sapien/api';
import type { SapienConfig } from '@sapien/config';
import { SystemClock } from '@sapien/kernel';
import { createOAuthServer, firstTokenHint, loadOrCreateOAuthKeys, registerBootstrapClient, type OAuthServer } from '@sapien/oauth';
import { AesGcmSecretBox, EventSourcedUserAuthenticator, ScryptPasswordHasher, TotpService, UserSessions } from '@sapien/users';
import type { Logger } from 'pino';
import type { Infrastructure } from './infrastructure.ts';

export type ApiComposition = Readonly<{
  deps: ApiDependencies;
  oauth: OAuthServer;
  issuer: string;
  /** How to get a first token, for the start-up banner. */
  hint: string;
}>;

/** The OAuth issuer: SAPIEN_PUBLIC_URL, or the API's own address. */
export const issuerOf = (config: SapienConfig): string => {
  if (config.publicUrl) return config.publicUrl;
  const host = ['0.0.0.0', '::', '[::]'].includes(config.apiHost) ? '127.0.0.1' : config.apiHost;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.apiPort}`;
};

/**
 * SAPIEN_SECRET_KEY, or a key generated on first start and kept (mode 0600) in the data folder:
 * enough for one machine; several API instances must share one configured key.
 */
const secretKeyOf = async (config: SapienConfig, logger: Logger): Promise<string> => {
  if (config.secretKey) return config.secretKey;
  const file = join(config.dataDir, 'secret.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = AesGcmSecretBox.generateKey().toString('base64');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  logger.warn({ file }, 'generated SAPIEN_SECRET_KEY into the data folder; set SAPIEN_SECRET_KEY when several API instances run');
  return key;
};

/** Everything the API is built from: the OAuth server, users' credentials, the bootstrap client. */
export const composeApi = async (
  config: SapienConfig,
  infrastructure: Infrastructure,
  waitForPosition: WaitForPosition,
  logger: Logger,
): Promise<ApiComposition> => {
  const clock = new SystemClock();
  const { eventStore } = infrastructure;
  const secretBox = AesGcmSecretBox.fromBase64(await secretKeyOf(config, logger));
  const passwordHasher = new ScryptPasswordHasher();
  const users = new EventSourcedUserAuthenticator({ eventStore, passwordHasher, totp: new TotpService(secretBox), clock });
  const issuer = issuerOf(config);
  const oauth = createOAuthServer({
    issuer,
    eventStore,
    clock,
    keys: await loadOrCreateOAuthKeys(config.oauthKeysFile),
    users,
    sessions: new UserSessions({ eventStore, clock }),
    // Orgs' SSO client secrets are sealed with the same key as users' TOTP secrets.
    secretBox,
    onError: (error) => logger.error({ err: error }, 'OAuth server error'),
  });
  let hint = `No admin client is configured. Create one (its secret is printed once):\n  npm run sapien -- clients create --admin --name ops\nthen get a token:\n${firstTokenHint(issuer)}`;
  if (config.bootstrapClientId && config.bootstrapClientSecret) {
    const outcome = await registerBootstrapClient({ eventStore, clock }, { clientId: config.bootstrapClientId, clientSecret: config.bootstrapClientSecret });
    logger.info({ clientId: config.bootstrapClientId, outcome }, 'bootstrap client');
    hint = `Get a platform-admin token with the bootstrap client:\n${firstTokenHint(issuer, config.bootstrapClientId)}`;
  }
  const deps: ApiDependencies = {
    eventStore,
    readModels: infrastructure.readModels,
    bus: infrastructure.bus,
    clock,
    waitForPosition,
    oauth,
    resolvePrincipal: oauth.resolveAccessToken,
    secretBox,
    passwordHasher,
    logger: { level: config.logLevel, name: 'api' },
    bodyLimit: config.bodyLimitBytes,
    minPositionTimeoutMs: config.minPositionTimeoutMs,
  };
  return { deps, oauth, issuer, hint };
};
