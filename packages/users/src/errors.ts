import { SapienError, type Instant } from '@sapien/kernel';

/** Too many failed attempts: logins are refused until `lockedUntil`. */
export class AccountLockedError extends SapienError {
  override readonly name = 'AccountLockedError';

  constructor(readonly lockedUntil: Instant) {
    super('account-locked', `the account is locked until ${lockedUntil} after too many failed attempts`, 423, { lockedUntil });
  }
}

/** A TOTP code that does not confirm an enrolment. */
export class InvalidTotpCodeError extends SapienError {
  override readonly name = 'InvalidTotpCodeError';

  constructor() {
    super('invalid-totp-code', 'the code does not match the authenticator being enrolled', 400, { field: 'code' });
  }
}

/** Encrypted data that cannot be opened: tampered with, for another context, or under an unknown key. */
export class SecretBoxError extends SapienError {
  override readonly name = 'SecretBoxError';

  constructor(message: string, options?: ErrorOptions) {
    super('secret-box-failed', message, 500, {}, options);
  }
}
