import { ConflictError, NotFoundError } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import { AccountLockedError, createUserDecider, userDecider } from '../index.ts';
import { CODE_HASHES, USER_ID, at, command, created, enrolled, failed, locked, succeeded, withMfa } from './spec-fixtures.ts';

const spec = DeciderSpecification.for(userDecider);
const attempt = (passwordValid: boolean, seconds = 0) => command('RecordLoginAttempt', { passwordValid }, at(seconds));
const totp = (step: number | null, seconds = 0) => command('UseTotpCode', { step }, at(seconds));
const recovery = (codeHash: string, seconds = 0) => command('UseRecoveryCode', { codeHash }, at(seconds));
const fourFailures = [failed(1), failed(2), failed(3), failed(4)];
const firstCode = CODE_HASHES[0] ?? '';

describe('userDecider: login', () => {
  describe('RecordLoginAttempt', () => {
    it('records a success when the password is right and no second factor is set', () =>
      spec.given([created]).when(attempt(true, 10)).then([succeeded(10)]));

    it('records nothing yet when the password is right and MFA is on: the second factor decides', () =>
      spec.given(withMfa).when(attempt(true)).thenNothingHappens());

    it('records a failure for a wrong password', () => spec.given([created]).when(attempt(false, 5)).then([failed(5)]));

    it('locks the account at the fifth failure within 15 minutes', () =>
      spec.given([created, ...fourFailures]).when(attempt(false, 5)).then([failed(5), locked(5)]));

    it('does not count failures older than the window', () =>
      spec.given([created, ...fourFailures]).when(attempt(false, 901)).then([failed(901)]));

    it('starts the count afresh after a success', () =>
      spec.given([created, ...fourFailures, succeeded(4)]).when(attempt(false, 5)).then([failed(5)]));

    it('refuses every attempt while locked, the right password too, recording nothing', () => {
      spec.given([created, ...fourFailures, failed(5), locked(5)]).when(attempt(true, 600)).thenThrows(AccountLockedError, (e) => e.status === 423);
      spec.given([created, ...fourFailures, failed(5), locked(5)]).when(attempt(false, 600)).thenThrows(AccountLockedError);
    });

    it('unlocks by itself when the lock time is up, with a fresh count', () => {
      spec.given([created, ...fourFailures, failed(5), locked(5)]).when(attempt(true, 905)).then([succeeded(905)]);
      spec.given([created, ...fourFailures, failed(5), locked(5)]).when(attempt(false, 905)).then([failed(905)]);
    });

    it('refuses password logins of an SSO user', () =>
      spec
        .given([created, { type: 'UserSsoEnabled', data: { userId: USER_ID } }])
        .when(attempt(true))
        .thenThrows(ConflictError, (e) => e.code === 'sso-required'));

    it('follows a stricter policy when given one', () =>
      DeciderSpecification.for(createUserDecider({ maxFailures: 2, windowSeconds: 60, lockSeconds: 30 }))
        .given([created, failed(1)])
        .when(attempt(false, 2))
        .then([failed(2), { type: 'AccountLocked', data: { userId: USER_ID, until: at(32), failures: 2, at: at(2) } }]));

    it('reports an unknown user as not found', () => spec.given([]).when(attempt(true)).thenThrows(NotFoundError));
  });

  describe('UseTotpCode', () => {
    it('accepts a code of a step after the last used one, and logs in', () =>
      spec
        .given(withMfa)
        .when(totp(101, 7))
        .then([{ type: 'TotpCodeUsed', data: { userId: USER_ID, step: 101 } }, succeeded(7, 'totp')]));

    it('refuses a replay: a code of the step already used', () =>
      spec
        .given([...withMfa, { type: 'TotpCodeUsed', data: { userId: USER_ID, step: 101 } }])
        .when(totp(101, 8))
        .then([{ type: 'LoginFailed', data: { userId: USER_ID, factor: 'totp', reason: 'replayed-code', at: at(8) } }]));

    it('refuses the code that confirmed the enrolment', () =>
      spec
        .given(withMfa)
        .when(totp(100))
        .then([{ type: 'LoginFailed', data: { userId: USER_ID, factor: 'totp', reason: 'replayed-code', at: at(0) } }]));

    it('refuses a code of an earlier step than the last used one', () =>
      spec
        .given([...withMfa, { type: 'TotpCodeUsed', data: { userId: USER_ID, step: 105 } }])
        .when(totp(104))
        .then([{ type: 'LoginFailed', data: { userId: USER_ID, factor: 'totp', reason: 'replayed-code', at: at(0) } }]));

    it('records a code that matched no step as a failure', () => spec.given(withMfa).when(totp(null, 3)).then([failed(3, 'totp')]));

    it('locks the account after five bad codes', () =>
      spec
        .given([...withMfa, failed(1, 'totp'), failed(2, 'totp'), failed(3, 'totp'), failed(4, 'totp')])
        .when(totp(null, 5))
        .then([failed(5, 'totp'), locked(5)]));

    it('counts password and code failures together', () =>
      spec.given([...withMfa, failed(1), failed(2), failed(3, 'totp'), failed(4, 'totp')]).when(totp(null, 5)).then([failed(5, 'totp'), locked(5)]));

    it('refuses a valid code while locked', () =>
      spec.given([...withMfa, locked(0)]).when(totp(200, 10)).thenThrows(AccountLockedError));

    it('refuses a code when MFA is not confirmed', () =>
      spec.given([created, enrolled]).when(totp(100)).thenThrows(ConflictError, (e) => e.code === 'mfa-not-enabled'));
  });

  describe('UseRecoveryCode', () => {
    it('accepts an unused code once, and logs in', () =>
      spec
        .given(withMfa)
        .when(recovery(firstCode, 4))
        .then([{ type: 'RecoveryCodeUsed', data: { userId: USER_ID, codeHash: firstCode } }, succeeded(4, 'recovery-code')]));

    it('refuses a used code', () =>
      spec
        .given([...withMfa, { type: 'RecoveryCodeUsed', data: { userId: USER_ID, codeHash: firstCode } }])
        .when(recovery(firstCode, 4))
        .then([failed(4, 'recovery-code')]));

    it('refuses the codes of a set that was replaced', () =>
      spec
        .given([...withMfa, { type: 'RecoveryCodesGenerated', data: { userId: USER_ID, codeHashes: ['sha256$' + 'D'.repeat(43)] } }])
        .when(recovery(firstCode, 4))
        .then([failed(4, 'recovery-code')]));

    it('refuses a code while locked', () => spec.given([...withMfa, locked(0)]).when(recovery(firstCode, 10)).thenThrows(AccountLockedError));
  });
});
