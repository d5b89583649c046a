import { expect } from 'chai';
import { AesGcmSecretBox, SecretBoxError } from '../index.ts';

const plaintext = Buffer.from('a totp secret of twenty b');

describe('AesGcmSecretBox', () => {
  const box = new AesGcmSecretBox(AesGcmSecretBox.generateKey());

  it('seals to aes256gcm$keyId$iv$ciphertext$tag without the plaintext, and opens it again', () => {
    const sealed = box.seal(plaintext, 'totp:u1');
    expect(sealed).to.match(/^aes256gcm\$[0-9a-f]{8}\$[A-Za-z0-9_-]{16}\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.to.include(plaintext.toString('base64url'));
    expect(box.open(sealed, 'totp:u1')).to.deep.equal(plaintext);
  });

  it('uses a fresh IV per value: the same plaintext seals differently', () => {
    expect(box.seal(plaintext, 'c')).not.to.equal(box.seal(plaintext, 'c'));
  });

  it('refuses to open a value sealed for another context (another user)', () => {
    expect(() => box.open(box.seal(plaintext, 'totp:u1'), 'totp:u2')).to.throw(SecretBoxError);
  });

  it('refuses a tampered ciphertext or a truncated tag', () => {
    const parts = box.seal(plaintext, 'c').split('$');
    const ciphertext = Buffer.from(parts[3] ?? '', 'base64url');
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 1;
    expect(() => box.open([...parts.slice(0, 3), ciphertext.toString('base64url'), parts[4]].join('$'), 'c')).to.throw(SecretBoxError);
    const tag = Buffer.from(parts[4] ?? '', 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open([...parts.slice(0, 4), tag].join('$'), 'c')).to.throw(SecretBoxError);
  });

  it('refuses a value sealed under an unknown key', () => {
    const other = new AesGcmSecretBox(AesGcmSecretBox.generateKey());
    expect(() => box.open(other.seal(plaintext, 'c'), 'c')).to.throw(SecretBoxError, /unknown key/);
  });

  it('opens values sealed under a previous key after a rotation, sealing new ones under the current key', () => {
    const oldKey = AesGcmSecretBox.generateKey();
    const sealedBefore = new AesGcmSecretBox(oldKey).seal(plaintext, 'c');
    const rotated = new AesGcmSecretBox(AesGcmSecretBox.generateKey(), [oldKey]);
    expect(rotated.open(sealedBefore, 'c')).to.deep.equal(plaintext);
    expect(rotated.seal(plaintext, 'c').split('$')[1]).not.to.equal(sealedBefore.split('$')[1]);
  });

  it('takes its keys from configuration as base64', () => {
    const key = AesGcmSecretBox.generateKey().toString('base64');
    const fromConfig = AesGcmSecretBox.fromBase64(key);
    expect(new AesGcmSecretBox(Buffer.from(key, 'base64')).open(fromConfig.seal(plaintext, 'c'), 'c')).to.deep.equal(plaintext);
    expect(() => AesGcmSecretBox.fromBase64('c2hvcnQ=')).to.throw(/32 bytes/);
  });
});
