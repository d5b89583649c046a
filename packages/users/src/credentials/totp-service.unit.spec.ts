import { expect } from 'chai';
import { DeciderSpecification } from '@sapien/kernel/testing';
import { FixedClock, foldEvents, type Instant } from '@sapien/kernel';
import type { UserCommand, UserEvent } from '../index.ts';
import { AesGcmSecretBox, SecretBoxError, TOTP_PERIOD_SECONDS, TotpService, totpCodeAt, userDecider } from '../index.ts';

const USER = '01950000-0000-7000-8000-000000000001';
const OTHER_USER = '01950000-0000-7000-8000-000000000002';
const totp = new TotpService(new AesGcmSecretBox(AesGcmSecretBox.generateKey()), { issuer: 'Sapien Test' });

/** The enrolled user's stream up to confirmation, and a command to use a code at `now`. */
const confirmedUser = (sealedSecret: string, step: number): UserEvent[] => [
  { type: 'UserCreated', data: { userId: USER, orgId: 1, login: 'alice', displayName: null, roles: ['member'], passwordHash: 'scrypt$32768$8$1$c2FsdA$aGFzaA' } },
  { type: 'TotpEnrolmentStarted', data: { userId: USER, sealedSecret } },
  { type: 'TotpConfirmed', data: { userId: USER, step } },
];
const use = (step: number | null, now: Instant): UserCommand => ({ type: 'UseTotpCode', data: { userId: USER, orgId: 1, step }, metadata: { now } });

describe('TotpService', () => {
  const clock = new FixedClock('2026-03-01T12:00:10Z');
  const enrolment = totp.enrol(USER, 'alice@acme');
  const now = clock.now();
  const step = totp.stepAt(now);

  it('enrols with a 160-bit base32 secret and an otpauth URI for authenticator apps', () => {
    expect(enrolment.secret).to.match(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.otpauthUri);
    expect(uri.protocol).to.equal('otpauth:');
    expect(uri.host).to.equal('totp');
    expect(uri.searchParams.get('secret')).to.equal(enrolment.secret);
    expect(uri.searchParams.get('issuer')).to.equal('Sapien Test');
    expect(uri.searchParams.get('period')).to.equal(String(TOTP_PERIOD_SECONDS));
    expect(decodeURIComponent(uri.pathname)).to.include('alice@acme');
  });

  it('keeps the secret out of the sealed form that goes into events', () => {
    expect(enrolment.sealedSecret).not.to.include(enrolment.secret);
    expect(enrolment.sealedSecret).to.match(/^aes256gcm\$/);
  });

  it('accepts the current code, giving its time step', () => {
    expect(totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step), now)).to.equal(step);
  });

  it('accepts codes one step either side (clock drift), giving their own step', () => {
    expect(totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step - 1), now)).to.equal(step - 1);
    expect(totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step + 1), now)).to.equal(step + 1);
  });

  it('refuses codes two steps away', () => {
    expect(totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step - 2), now)).to.equal(null);
    expect(totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step + 2), now)).to.equal(null);
  });

  it('ignores spaces and refuses anything but six digits', () => {
    const code = totpCodeAt(enrolment.secret, step);
    expect(totp.matchStep(enrolment.sealedSecret, USER, `${code.slice(0, 3)} ${code.slice(3)}`, now)).to.equal(step);
    for (const bad of ['', '12345', '1234567', 'abcdef']) expect(totp.matchStep(enrolment.sealedSecret, USER, bad, now)).to.equal(null);
  });

  it("refuses to open another user's secret", () => {
    expect(() => totp.matchStep(enrolment.sealedSecret, OTHER_USER, totpCodeAt(enrolment.secret, step), now)).to.throw(SecretBoxError);
  });

  describe('with the user decider', () => {
    /** A code matching no step in the window (a fixed guess could, once in a few hundred thousand runs). */
    const wrongCode = (): string => {
      const window = [step - 1, step, step + 1].map((s) => totpCodeAt(enrolment.secret, s));
      return ['000000', '111111', '222222', '333333'].find((code) => !window.includes(code)) ?? '444444';
    };
    const spec = DeciderSpecification.for(userDecider);
    const given = confirmedUser(enrolment.sealedSecret, step - 10);

    it('accepts a valid code once and refuses its replay', () => {
      const matched = totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step), now);
      const first = userDecider.decide(use(matched, now), foldEvents(userDecider, given));
      expect(first.map((event) => event.type)).to.deep.equal(['TotpCodeUsed', 'LoginSucceeded']);
      spec
        .given([...given, ...first])
        .when(use(matched, now))
        .then([{ type: 'LoginFailed', data: { userId: USER, factor: 'totp', reason: 'replayed-code', at: now } }]);
    });

    it('refuses the previous step once a code of the current step was used', () => {
      const current = totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step), now);
      const previous = totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step - 1), now);
      const used = userDecider.decide(use(current, now), foldEvents(userDecider, given));
      const events = userDecider.decide(use(previous, now), foldEvents(userDecider, [...given, ...used]));
      expect(events.map((event) => event.type === 'LoginFailed' && event.data.reason)).to.deep.equal(['replayed-code']);
    });

    it('locks the account after five bad codes, then refuses a good one', () => {
      const history = [...given];
      for (let i = 0; i < 5; i++) {
        const matched = totp.matchStep(enrolment.sealedSecret, USER, wrongCode(), now);
        history.push(...userDecider.decide(use(matched, now), foldEvents(userDecider, history)));
      }
      expect(history.slice(given.length).map((event) => event.type)).to.deep.equal([...Array(5).fill('LoginFailed'), 'AccountLocked']);
      const good = totp.matchStep(enrolment.sealedSecret, USER, totpCodeAt(enrolment.secret, step), now);
      expect(() => userDecider.decide(use(good, now), foldEvents(userDecider, history))).to.throw(/locked/);
    });
  });
});
