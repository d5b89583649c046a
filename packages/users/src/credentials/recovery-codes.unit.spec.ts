import { expect } from 'chai';
import { foldEvents, type Instant } from '@sapien/kernel';
import type { UserCommand, UserEvent } from '../index.ts';
import { RECOVERY_CODE_COUNT, generateRecoveryCodes, hashRecoveryCode, looksLikeRecoveryCode, userDecider } from '../index.ts';

const USER = '01950000-0000-7000-8000-000000000001';
const now = '2026-01-01T00:00:00.000000Z' as Instant;

describe('recovery codes', () => {
  const { codes, codeHashes } = generateRecoveryCodes(USER);

  it('generates ten distinct codes of 80 random bits, shown as four groups of four', () => {
    expect(codes).to.have.length(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).to.equal(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).to.match(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
  });

  it('keeps only hashes, none of which contains its code', () => {
    expect(codeHashes).to.have.length(RECOVERY_CODE_COUNT);
    codes.forEach((code, i) => {
      expect(codeHashes[i]).to.equal(hashRecoveryCode(USER, code));
      expect(codeHashes[i]).not.to.include(code.replaceAll('-', ''));
    });
  });

  it('hashes the code as typed, ignoring dashes, spaces and case', () => {
    const [code = ''] = codes;
    expect(hashRecoveryCode(USER, code.toUpperCase().replaceAll('-', ' '))).to.equal(hashRecoveryCode(USER, code));
  });

  it("hashes one code differently for two users (the user id salts it)", () => {
    const [code = ''] = codes;
    expect(hashRecoveryCode('01950000-0000-7000-8000-000000000002', code)).not.to.equal(hashRecoveryCode(USER, code));
  });

  it('tells a recovery code from a TOTP code', () => {
    expect(looksLikeRecoveryCode(codes[0] ?? '')).to.equal(true);
    expect(looksLikeRecoveryCode('123456')).to.equal(false);
    expect(looksLikeRecoveryCode('123 456')).to.equal(false);
  });

  it('lets each code log in once, with the user decider', () => {
    const history: UserEvent[] = [
      { type: 'UserCreated', data: { userId: USER, orgId: 1, login: 'a', displayName: null, roles: ['member'], passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA' } },
      { type: 'TotpEnrolmentStarted', data: { userId: USER, sealedSecret: 'sealed' } },
      { type: 'TotpConfirmed', data: { userId: USER, step: 1 } },
      { type: 'RecoveryCodesGenerated', data: { userId: USER, codeHashes } },
    ];
    const use = (code: string): readonly UserEvent[] => {
      const command: UserCommand = { type: 'UseRecoveryCode', data: { userId: USER, orgId: 1, codeHash: hashRecoveryCode(USER, code) }, metadata: { now } };
      const events = userDecider.decide(command, foldEvents(userDecider, history));
      history.push(...events);
      return events;
    };
    expect(use(codes[0] ?? '').map((event) => event.type)).to.deep.equal(['RecoveryCodeUsed', 'LoginSucceeded']);
    expect(use(codes[0] ?? '').map((event) => event.type)).to.deep.equal(['LoginFailed']);
    expect(use(codes[1] ?? '').map((event) => event.type)).to.deep.equal(['RecoveryCodeUsed', 'LoginSucceeded']);
  });
});
