import { ConflictError } from '@sapien/kernel';
import { InvalidTotpCodeError } from '../errors.ts';
import { validateRecoveryCodeHashes, validateSealedSecret, validateStep } from '../validation.ts';
import type { ConfirmTotp, EnrolTotp, GenerateRecoveryCodes } from './commands.ts';
import type { UserEvent } from './events.ts';
import { requireUser } from './require-user.ts';
import { isMfaEnabled, type UserState } from './state.ts';

/** A new enrolment replaces a pending one; a confirmed secret stays active until the new one is confirmed. */
export const enrolTotp = ({ data }: EnrolTotp, state: UserState): UserEvent[] => {
  const user = requireUser(state, data);
  const sealedSecret = validateSealedSecret(data.sealedSecret);
  return [{ type: 'TotpEnrolmentStarted', data: { userId: user.userId, sealedSecret } }];
};

/** The first valid code activates MFA. A wrong code is an error, not a recorded attempt: no login is at stake. */
export const confirmTotp = ({ data }: ConfirmTotp, state: UserState): UserEvent[] => {
  const user = requireUser(state, data);
  if (user.pendingTotpSecret === undefined) {
    throw new ConflictError('no-totp-enrolment', 'there is no TOTP enrolment to confirm; start one first', { userId: user.userId });
  }
  const codeHashes = data.recoveryCodeHashes === undefined ? undefined : validateRecoveryCodeHashes(data.recoveryCodeHashes, 'recoveryCodeHashes');
  const step = validateStep(data.step);
  if (step === null) throw new InvalidTotpCodeError();
  const events: UserEvent[] = [{ type: 'TotpConfirmed', data: { userId: user.userId, step } }];
  if (codeHashes) events.push({ type: 'RecoveryCodesGenerated', data: { userId: user.userId, codeHashes } });
  return events;
};

export const generateRecoveryCodes = ({ data }: GenerateRecoveryCodes, state: UserState): UserEvent[] => {
  const user = requireUser(state, data);
  const codeHashes = validateRecoveryCodeHashes(data.codeHashes);
  if (!isMfaEnabled(user)) throw new ConflictError('mfa-not-enabled', 'recovery codes need a confirmed second factor', { userId: user.userId });
  return [{ type: 'RecoveryCodesGenerated', data: { userId: user.userId, codeHashes } }];
};
