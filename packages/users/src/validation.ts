import { ROLES, type Role } from '@sapien/authorization';
import { ValidationError, isUuid } from '@sapien/kernel';

export const MAX_LOGIN_LENGTH = 254;
export const MAX_DISPLAY_NAME_LENGTH = 200;
/** NIST SP 800-63B asks for at least 8 and allows long passphrases; 12 is our floor. */
export const MIN_PASSWORD_LENGTH = 12;
/** Bounds the work of hashing one request's password. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MAX_CLIENT_ID_LENGTH = 200;

const hasControlCharacters = (text: string): boolean =>
  [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code < 0xa0);
  });

export const validateUuid = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || !isUuid(value)) throw new ValidationError(`${field} must be a UUID`, field);
  return value.toLowerCase();
};

/** A login: trimmed, 1 to 254 characters, no whitespace or control characters (a user name or an e-mail address). */
export const validateLogin = (value: unknown, field = 'login'): string => {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, field);
  const login = value.trim();
  if (login.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if (login.length > MAX_LOGIN_LENGTH) throw new ValidationError(`${field} must be at most ${MAX_LOGIN_LENGTH} characters`, field);
  if (/\s/u.test(login) || hasControlCharacters(login)) {
    throw new ValidationError(`${field} must not contain whitespace or control characters`, field);
  }
  return login;
};

/** What makes two logins the same: `Alice@Example.com` and `alice@example.com` are one login. */
export const loginKeyOf = (login: string): string => login.trim().normalize('NFKC').toLowerCase();

/** A display name: trimmed, 1 to 200 characters, no control characters. */
export const validateDisplayName = (value: unknown, field = 'displayName'): string => {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, field);
  const name = value.trim();
  if (name.length === 0) throw new ValidationError(`${field} must not be empty`, field);
  if (name.length > MAX_DISPLAY_NAME_LENGTH) {
    throw new ValidationError(`${field} must be at most ${MAX_DISPLAY_NAME_LENGTH} characters`, field);
  }
  if (hasControlCharacters(name)) throw new ValidationError(`${field} must not contain control characters`, field);
  return name;
};

/** Roles: at least one, each one of ROLES; returned sorted and without duplicates. */
export const validateRoles = (value: unknown, field = 'roles'): Role[] => {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(`${field} must list at least one role`, field);
  for (const role of value) {
    if (!(ROLES as readonly unknown[]).includes(role)) {
      throw new ValidationError(`${field} must be among ${ROLES.join(', ')}; got ${JSON.stringify(role)}`, field);
    }
  }
  return [...new Set(value as Role[])].sort();
};

/** The password policy, checked at the edge before hashing: the decider never sees a password. */
export const validatePassword = (value: unknown, field = 'password'): string => {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, field);
  const length = [...value].length;
  if (length < MIN_PASSWORD_LENGTH) throw new ValidationError(`${field} must be at least ${MIN_PASSWORD_LENGTH} characters`, field);
  if (length > MAX_PASSWORD_LENGTH) throw new ValidationError(`${field} must be at most ${MAX_PASSWORD_LENGTH} characters`, field);
  if (value.trim().length === 0) throw new ValidationError(`${field} must not be only whitespace`, field);
  return value;
};

const PASSWORD_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/u;

/** A stored password: the hasher's `scrypt$N$r$p$salt$hash`, never a plaintext. */
export const validatePasswordHash = (value: unknown, field = 'passwordHash'): string => {
  if (typeof value !== 'string' || !PASSWORD_HASH.test(value)) throw new ValidationError(`${field} must be a scrypt hash string`, field);
  return value;
};

const RECOVERY_CODE_HASH = /^sha256\$[A-Za-z0-9_-]{43}$/u;

export const MAX_RECOVERY_CODES = 20;

export const validateRecoveryCodeHash = (value: unknown, field = 'codeHash'): string => {
  if (typeof value !== 'string' || !RECOVERY_CODE_HASH.test(value)) throw new ValidationError(`${field} must be a recovery code hash`, field);
  return value;
};

/** A set of recovery code hashes: 1 to 20, distinct. */
export const validateRecoveryCodeHashes = (value: unknown, field = 'codeHashes'): string[] => {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_RECOVERY_CODES) {
    throw new ValidationError(`${field} must hold 1 to ${MAX_RECOVERY_CODES} hashes`, field);
  }
  const hashes = value.map((hash) => validateRecoveryCodeHash(hash, field));
  if (new Set(hashes).size !== hashes.length) throw new ValidationError(`${field} must not repeat a hash`, field);
  return hashes;
};

/** A TOTP secret sealed by the SecretBox: opaque here, but never empty and bounded. */
export const validateSealedSecret = (value: unknown, field = 'sealedSecret'): string => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) throw new ValidationError(`${field} must be a sealed secret`, field);
  return value;
};

/** A TOTP time step (seconds since the epoch / 30), or null when the code matched none. */
export const validateStep = (value: unknown, field = 'step'): number | null => {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new ValidationError(`${field} must be a time step`, field);
  return value;
};

export const validateClientId = (value: unknown, field = 'clientId'): string => {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CLIENT_ID_LENGTH || hasControlCharacters(value)) {
    throw new ValidationError(`${field} must be 1 to ${MAX_CLIENT_ID_LENGTH} printable characters`, field);
  }
  return value;
};
