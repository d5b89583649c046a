import { createHash, hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** The stored form of a token, code or grant id: SHA-256, hex. The raw value never reaches the store. */
export const sha256Hex = (value: string): string => hash('sha256', value, 'hex'); // one-shot: once per API request

/** A new client secret: 256 random bits, base64url. */
export const generateSecret = (): string => randomBytes(32).toString('base64url');

// scrypt cost for secrets a person chose (the bootstrap secret): ~16 MiB, tens of milliseconds.
const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;

const scryptHash = (secret: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    scrypt(secret, salt, SCRYPT.keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });

/**
 * What is kept of a client secret: a one-way verifier. A generated secret has 256 bits of entropy,
 * so one SHA-256 is enough; a chosen one (the bootstrap secret) gets salted scrypt against guessing.
 */
export const secretVerifier = async (secret: string, origin: 'generated' | 'chosen'): Promise<string> => {
  if (origin === 'generated') return `sha256$${createHash('sha256').update(secret, 'utf8').digest('base64url')}`;
  const salt = randomBytes(16);
  const hash = await scryptHash(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
};

const equal = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/** Whether a presented secret matches a verifier (constant time); an unknown format never matches. */
export const verifySecret = async (verifier: string, presented: string): Promise<boolean> => {
  const parts = verifier.split('$');
  if (parts[0] === 'sha256' && parts.length === 2 && parts[1]) {
    return equal(createHash('sha256').update(presented, 'utf8').digest(), Buffer.from(parts[1], 'base64url'));
  }
  if (parts[0] === 'scrypt' && parts.length === 6) {
    const [, n, r, p, salt, hash] = parts;
    const expected = Buffer.from(hash ?? '', 'base64url');
    const actual = await scryptHash(presented, Buffer.from(salt ?? '', 'base64url'), Number(n), Number(r), Number(p));
    return equal(actual, expected);
  }
  return false;
};
