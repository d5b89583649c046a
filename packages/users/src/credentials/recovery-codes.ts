import { createHash, randomBytes } from 'node:crypto';
import { Secret } from 'otpauth';

/** Ten codes of 80 random bits each: shown once, stored only as hashes, each usable once. */
export const RECOVERY_CODE_COUNT = 10;
const CODE_BYTES = 10;
const RECOVERY_CODE = /^[a-z2-7]{16}$/u;

export type GeneratedRecoveryCodes = Readonly<{ codes: readonly string[]; codeHashes: readonly string[] }>;

/** `abcd-efgh-ijkl-mnop` → `abcdefghijklmnop`: dashes, spaces and case do not matter when typed. */
const normalise = (code: string): string => code.replaceAll(/[\s-]/gu, '').toLowerCase();

/** Whether what was typed has the shape of a recovery code (rather than a TOTP code). */
export const looksLikeRecoveryCode = (code: string): boolean => RECOVERY_CODE.test(normalise(code));

/**
 * The stored form of a recovery code. Its 80 random bits make a slow hash unnecessary (nothing to
 * guess from a dictionary); the user id salts it, so equal codes of two users hash apart and one
 * hash of the typed code is compared with the stored set.
 */
export const hashRecoveryCode = (userId: string, code: string): string =>
  `sha256$${createHash('sha256').update(`sapien-recovery-code\0${userId}\0${normalise(code)}`).digest('base64url')}`;

const display = (code: string): string => code.match(/.{4}/gu)?.join('-') ?? code;

export const generateRecoveryCodes = (userId: string, count = RECOVERY_CODE_COUNT): GeneratedRecoveryCodes => {
  const codes: string[] = [];
  while (codes.length < count) {
    const code = display(new Secret({ buffer: new Uint8Array(randomBytes(CODE_BYTES)).buffer }).base32.toLowerCase());
    if (!codes.includes(code)) codes.push(code);
  }
  return { codes, codeHashes: codes.map((code) => hashRecoveryCode(userId, code)) };
};
