import { ConflictError, NotFoundError, ValidationError } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import { InvalidTotpCodeError, userDecider } from '../index.ts';
import { CODE_HASHES, SEALED, USER_ID, codesGenerated, command, confirmed, created, enrolled, withMfa } from './spec-fixtures.ts';

const spec = DeciderSpecification.for(userDecider);

describe('userDecider: MFA', () => {
  describe('EnrolTotp', () => {
    it('records the sealed secret only (the edge generated and sealed it)', () =>
      spec.given([created]).when(command('EnrolTotp', { sealedSecret: SEALED })).then([enrolled]));

    it('replaces a pending enrolment', () =>
      spec
        .given([created, enrolled])
        .when(command('EnrolTotp', { sealedSecret: 'aes256gcm$other' }))
        .then([{ type: 'TotpEnrolmentStarted', data: { userId: USER_ID, sealedSecret: 'aes256gcm$other' } }]));

    it('reports an unknown user as not found', () => spec.given([]).when(command('EnrolTotp', { sealedSecret: SEALED })).thenThrows(NotFoundError));
  });

  describe('ConfirmTotp', () => {
    it('activates MFA with the first valid code, remembering its step', () =>
      spec.given([created, enrolled]).when(command('ConfirmTotp', { step: 100 })).then([confirmed(100)]));

    it('generates recovery codes in the same decision when given', () =>
      spec
        .given([created, enrolled])
        .when(command('ConfirmTotp', { step: 100, recoveryCodeHashes: CODE_HASHES }))
        .then([confirmed(100), codesGenerated]));

    it('refuses a code that matched no step, recording nothing', () =>
      spec.given([created, enrolled]).when(command('ConfirmTotp', { step: null })).thenThrows(InvalidTotpCodeError, (e) => e.status === 400));

    it('refuses a confirmation without an enrolment', () =>
      spec.given([created]).when(command('ConfirmTotp', { step: 100 })).thenThrows(ConflictError, (e) => e.code === 'no-totp-enrolment'));

    it('refuses a second confirmation of the same enrolment', () =>
      spec.given([created, enrolled, confirmed(100)]).when(command('ConfirmTotp', { step: 101 })).thenThrows(ConflictError));

    it('confirms a re-enrolment while MFA stays active', () =>
      spec.given([...withMfa, enrolled]).when(command('ConfirmTotp', { step: 200 })).then([confirmed(200)]));
  });

  describe('GenerateRecoveryCodes', () => {
    it('records only the hashes', () =>
      spec.given([created, enrolled, confirmed()]).when(command('GenerateRecoveryCodes', { codeHashes: CODE_HASHES })).then([codesGenerated]));

    it('refuses without a confirmed second factor', () =>
      spec
        .given([created, enrolled])
        .when(command('GenerateRecoveryCodes', { codeHashes: CODE_HASHES }))
        .thenThrows(ConflictError, (e) => e.code === 'mfa-not-enabled'));

    it('refuses anything but hashes, and repeated ones', () => {
      spec.given(withMfa).when(command('GenerateRecoveryCodes', { codeHashes: ['abcd-efgh-ijkl-mnop'] })).thenThrows(ValidationError);
      spec.given(withMfa).when(command('GenerateRecoveryCodes', { codeHashes: [CODE_HASHES[0] ?? '', CODE_HASHES[0] ?? ''] })).thenThrows(ValidationError);
    });
  });
});
