import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ValidationError } from '@sapien/kernel';
import { SecretBoxError } from '../errors.ts';

/**
 * Encrypts secrets that must be recoverable (TOTP secrets) before they reach an event. `context`
 * is bound to the ciphertext (e.g. the user id), so a sealed value copied elsewhere does not open.
 */
export interface SecretBox {
  seal(plaintext: Uint8Array, context: string): string;
  /** Throws SecretBoxError when the value was tampered with, sealed for another context, or under an unknown key. */
  open(sealed: string, context: string): Buffer;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'aes256gcm';

/** A short, non-secret fingerprint naming the key that sealed a value, so keys can be rotated. */
const keyIdOf = (key: Uint8Array): string => createHash('sha256').update('sapien-secret-box\0').update(key).digest('hex').slice(0, 8);

/**
 * AES-256-GCM with a random 96-bit IV per value: `aes256gcm$<keyId>$<iv>$<ciphertext>$<tag>` in
 * unpadded base64url. New values are sealed with the current key; older keys still open theirs.
 */
export class AesGcmSecretBox implements SecretBox {
  private readonly current: Readonly<{ id: string; key: Buffer }>;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(key: Uint8Array, previousKeys: readonly Uint8Array[] = []) {
    for (const candidate of [key, ...previousKeys]) {
      if (candidate.length !== KEY_BYTES) throw new ValidationError(`a secret box key must be ${KEY_BYTES} bytes`, 'key');
    }
    this.current = { id: keyIdOf(key), key: Buffer.from(key) };
    this.keys = new Map([key, ...previousKeys].map((k) => [keyIdOf(k), Buffer.from(k)]));
  }

  /** A new random key (for tests, and for `sapien` to print when configuring one). */
  static generateKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  /** From configuration: the current key and any previous ones, each 32 bytes in base64. */
  static fromBase64(key: string, previousKeys: readonly string[] = []): AesGcmSecretBox {
    return new AesGcmSecretBox(Buffer.from(key, 'base64'), previousKeys.map((k) => Buffer.from(k, 'base64')));
  }

  seal(plaintext: Uint8Array, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [PREFIX, this.current.id, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('$');
  }

  open(sealed: string, context: string): Buffer {
    const parts = sealed.split('$');
    if (parts.length !== 5 || parts[0] !== PREFIX) throw new SecretBoxError('not a sealed value');
    const [, keyId = '', iv = '', ciphertext = '', tag = ''] = parts;
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`the value was sealed under an unknown key ${keyId}`);
    try {
      // A fixed tag length: GCM would otherwise accept a truncated (forgeable) tag.
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    } catch (error) {
      throw new SecretBoxError('the sealed value does not open: tampered with, or sealed for another context', { cause: error });
    }
  }
}
