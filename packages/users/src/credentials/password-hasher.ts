import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ValidationError } from '@sapien/kernel';

/** Hashes passwords for storage and checks a password against a stored hash. */
export interface PasswordHasher {
  /** `scrypt$N$r$p$salt$hash` (salt and hash in unpadded base64url). */
  hash(password: string): Promise<string>;
  /** Whether the password matches; false (never an error) for a malformed stored hash. */
  verify(password: string, stored: string): Promise<boolean>;
}

export type ScryptParameters = Readonly<{ N: number; r: number; p: number }>;

/** 32 MiB per hash (128 × N × r bytes), p = 3: one of the OWASP Password Storage Cheat Sheet's scrypt settings. */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { N: 2 ** 15, r: 8, p: 3 };
export const MIN_SCRYPT_N = 2 ** 15;
/** Refuses to work on stored parameters beyond these (a corrupt or hostile hash must not exhaust the process). */
const MAX_SCRYPT_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

const derive = (password: string, salt: Buffer, keyLength: number, { N, r, p }: ScryptParameters): Promise<Buffer> => {
  // Node refuses work above `maxmem` (32 MiB by default, exactly what N = 2^15, r = 8 needs): give it headroom.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    // NFKC: the same passphrase typed on another keyboard (composed or decomposed accents) still matches.
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
};

const isPowerOfTwo = (n: number): boolean => Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;

type ParsedHash = Readonly<{ parameters: ScryptParameters; salt: Buffer; key: Buffer }>;

const BASE64URL = /^[A-Za-z0-9_-]+$/u;

/** Parses `scrypt$N$r$p$salt$hash`, or undefined when it is not one we are willing to compute. */
export const parseScryptHash = (stored: string): ParsedHash | undefined => {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, r, p, salt, key] = parts;
  const parameters = { N: Number(n), r: Number(r), p: Number(p) };
  if (!isPowerOfTwo(parameters.N) || parameters.N < MIN_SCRYPT_N || parameters.N > MAX_SCRYPT_N) return undefined;
  if (!Number.isInteger(parameters.r) || parameters.r < 1 || parameters.r > MAX_R) return undefined;
  if (!Number.isInteger(parameters.p) || parameters.p < 1 || parameters.p > MAX_P) return undefined;
  if (!salt || !key || !BASE64URL.test(salt) || !BASE64URL.test(key)) return undefined;
  const keyBytes = Buffer.from(key, 'base64url');
  if (keyBytes.length < 16 || keyBytes.length > 64) return undefined;
  return { parameters, salt: Buffer.from(salt, 'base64url'), key: keyBytes };
};

/** scrypt (memory-hard) with a random 16-byte salt per hash; N below 2^15 is refused. */
export class ScryptPasswordHasher implements PasswordHasher {
  private readonly parameters: ScryptParameters;

  constructor(parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS) {
    if (!isPowerOfTwo(parameters.N) || parameters.N < MIN_SCRYPT_N || parameters.N > MAX_SCRYPT_N) {
      throw new ValidationError(`scrypt N must be a power of two from 2^15 to 2^20, got ${parameters.N}`, 'N');
    }
    this.parameters = parameters;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, KEY_BYTES, this.parameters);
    const { N, r, p } = this.parameters;
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseScryptHash(stored);
    if (!parsed) return false;
    const key = await derive(password, parsed.salt, parsed.key.length, parsed.parameters);
    // Same length by construction; timingSafeEqual takes as long for a near miss as for a far one.
    return timingSafeEqual(key, parsed.key);
  }

  /** Whether a stored hash was made with weaker parameters than this hasher's (rehash at the next login). */
  needsRehash(stored: string): boolean {
    const parsed = parseScryptHash(stored);
    if (!parsed) return true;
    const { N, r, p } = parsed.parameters;
    return N < this.parameters.N || r < this.parameters.r || p < this.parameters.p;
  }
}
