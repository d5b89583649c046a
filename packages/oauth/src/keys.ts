import { randomBytes, generateKeyPairSync, createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, link } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JWK } from 'oidc-provider';
import { SapienError } from '@sapien/kernel';

/** The OAuth server's secrets: signing keys (JWKS, private) and the keys that sign its cookies. */
export type OAuthKeys = Readonly<{ jwks: Readonly<{ keys: readonly JWK[] }>; cookieKeys: readonly string[] }>;

/** The keys file is missing a part or is not JSON. */
export class InvalidOAuthKeysError extends SapienError {
  override readonly name = 'InvalidOAuthKeysError';

  constructor(file: string, reason: string) {
    super('invalid-oauth-keys', `the OAuth keys file ${file} is unusable: ${reason}`, 500, { file });
  }
}

/** A fresh RS256 signing key (ID tokens) and a cookie-signing key. */
export const generateOAuthKeys = (): OAuthKeys => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const kid = createHash('sha256').update(`${jwk.n ?? ''}.${jwk.e ?? ''}`).digest('base64url').slice(0, 16);
  return { jwks: { keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256' }] }, cookieKeys: [randomBytes(32).toString('base64url')] };
};

const parse = (file: string, text: string): OAuthKeys => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidOAuthKeysError(file, 'not JSON');
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<'jwks' | 'cookieKeys', unknown>>;
  const jwks = record.jwks as { keys?: unknown } | undefined;
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new InvalidOAuthKeysError(file, 'no jwks.keys');
  if (!Array.isArray(record.cookieKeys) || !record.cookieKeys.every((key) => typeof key === 'string' && key.length >= 16)) {
    throw new InvalidOAuthKeysError(file, 'no cookieKeys');
  }
  return { jwks: { keys: jwks.keys as JWK[] }, cookieKeys: record.cookieKeys as string[] };
};

const isCode = (error: unknown, code: string): boolean => error instanceof Error && 'code' in error && error.code === code;

/**
 * Reads the keys file, creating it (mode 0600) on first start. Creation is atomic — written aside,
 * then hard-linked into place — so instances starting together agree on one set of keys.
 */
export const loadOrCreateOAuthKeys = async (file: string): Promise<OAuthKeys> => {
  try {
    return parse(file, await readFile(file, 'utf8'));
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(aside, `${JSON.stringify(generateOAuthKeys(), null, 2)}\n`, { mode: 0o600 });
  try {
    await link(aside, file);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
  } finally {
    await rm(aside, { force: true });
  }
  return parse(file, await readFile(file, 'utf8'));
};
