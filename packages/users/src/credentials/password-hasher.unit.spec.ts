import { expect } from 'chai';
import { ValidationError } from '@sapien/kernel';
import { DEFAULT_SCRYPT_PARAMETERS, MIN_SCRYPT_N, ScryptPasswordHasher, parseScryptHash } from '../index.ts';

// p = 1 keeps the suite quick; N stays at the floor of 2^15 that the hasher enforces.
const hasher = new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 1 });
const PASSWORD = 'correct horse battery staple';

/** The stored hash with its derived key's last byte flipped. */
const flipLastByte = (stored: string): string => {
  const parts = stored.split('$');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  key[key.length - 1] = (key[key.length - 1] ?? 0) ^ 1;
  parts[5] = key.toString('base64url');
  return parts.join('$');
};

describe('ScryptPasswordHasher', () => {
  let stored: string;
  before(async () => {
    stored = await hasher.hash(PASSWORD);
  });

  it('hashes to scrypt$N$r$p$salt$hash with N of at least 2^15, never containing the password', () => {
    expect(stored).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.to.include(PASSWORD);
    expect(DEFAULT_SCRYPT_PARAMETERS.N).to.be.at.least(MIN_SCRYPT_N);
    expect(MIN_SCRYPT_N).to.equal(2 ** 15);
  });

  it('salts every hash: the same password hashes differently twice', async () => {
    expect(await hasher.hash(PASSWORD)).not.to.equal(stored);
  });

  it('verifies the right password', async () => {
    expect(await hasher.verify(PASSWORD, stored)).to.equal(true);
  });

  it('refuses a wrong password, a near miss and an empty one', async () => {
    expect(await hasher.verify('Correct horse battery staple', stored)).to.equal(false);
    expect(await hasher.verify(`${PASSWORD} `, stored)).to.equal(false);
    expect(await hasher.verify('', stored)).to.equal(false);
  });

  it('compares the whole derived key: a hash differing only in its last byte refuses the right password', async () => {
    expect(await hasher.verify(PASSWORD, flipLastByte(stored))).to.equal(false);
  });

  it('matches a passphrase typed with composed or decomposed accents alike', async () => {
    const composed = await hasher.hash('mot de passe élevé');
    expect(await hasher.verify('mot de passe e\u0301leve\u0301', composed)).to.equal(true);
  });

  it('answers false, never throws, for malformed or hostile stored hashes', async () => {
    const [, , r, p, salt, key] = stored.split('$');
    for (const bad of [
      '',
      'plaintext',
      stored.replace('scrypt$', 'bcrypt$'),
      `scrypt$1024$${r}$${p}$${salt}$${key}`, // N below the floor
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`, // N that would exhaust memory
      `scrypt$32768$${r}$${p}$${salt}$${(key ?? '').slice(0, 8)}`, // truncated key
      `scrypt$32768$${r}$${p}$${salt}$${key}$extra`,
    ]) {
      expect(await hasher.verify(PASSWORD, bad), bad).to.equal(false);
    }
  });

  it('verifies hashes made with other (stronger) parameters', async () => {
    const stronger = await new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 2 }).hash(PASSWORD);
    expect(parseScryptHash(stronger)?.parameters).to.deep.equal({ N: 2 ** 15, r: 8, p: 2 });
    expect(await hasher.verify(PASSWORD, stronger)).to.equal(true);
  });

  it('says when a stored hash is weaker than its own parameters', () => {
    expect(new ScryptPasswordHasher().needsRehash(stored)).to.equal(true);
    expect(hasher.needsRehash(stored)).to.equal(false);
    expect(hasher.needsRehash('garbage')).to.equal(true);
  });

  it('refuses to be built with N below 2^15', () => {
    expect(() => new ScryptPasswordHasher({ N: 2 ** 14, r: 8, p: 1 })).to.throw(ValidationError);
    expect(() => new ScryptPasswordHasher({ N: 40_000, r: 8, p: 1 })).to.throw(ValidationError);
  });
});
