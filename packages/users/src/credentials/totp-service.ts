import { randomBytes } from 'node:crypto';
import { epochMicrosOf, type Instant } from '@sapien/kernel';
import { Secret, TOTP } from 'otpauth';
import type { SecretBox } from './secret-box.ts';

/** What authenticator apps assume: HMAC-SHA1, 6 digits, 30-second steps (RFC 6238's defaults). */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';
/** 160 bits, the HMAC-SHA1 key length RFC 4226 recommends. */
const SECRET_BYTES = 20;
const CODE = /^\d{6}$/u;

export type TotpOptions = Readonly<{
  /** Shown by the authenticator app beside the login. Default `Sapien`. */
  issuer?: string;
  /** Steps accepted either side of now, for clock drift. Default 1 (±30 s). */
  window?: number;
}>;

/** A new enrolment: the secret in base32 (for manual entry), sealed (for the event), and as an otpauth URI. */
export type TotpEnrolment = Readonly<{ secret: string; sealedSecret: string; otpauthUri: string }>;

/** The secret box binds a TOTP secret to its user: it opens only for the user it was sealed for. */
const contextOf = (userId: string): string => `totp:${userId}`;

const millisOf = (now: Instant): number => Number(epochMicrosOf(now) / 1000n);

const totpOf = (secret: Secret, issuer: string, label: string): TOTP =>
  new TOTP({ issuer, label, secret, algorithm: ALGORITHM, digits: DIGITS, period: TOTP_PERIOD_SECONDS });

/**
 * TOTP at the edge (otpauth): makes secrets, and matches a code to its time step. Deciding what a
 * match means (first confirmation, a replayed step, a failure towards lock-out) is the decider's.
 */
export class TotpService {
  private readonly issuer: string;
  private readonly window: number;

  constructor(
    private readonly secretBox: SecretBox,
    options: TotpOptions = {},
  ) {
    this.issuer = options.issuer ?? 'Sapien';
    this.window = options.window ?? 1;
  }

  enrol(userId: string, label: string): TotpEnrolment {
    const secret = new Secret({ buffer: new Uint8Array(randomBytes(SECRET_BYTES)).buffer });
    return {
      secret: secret.base32,
      sealedSecret: this.secretBox.seal(secret.bytes, contextOf(userId)),
      otpauthUri: totpOf(secret, this.issuer, label).toString(),
    };
  }

  /**
   * The time step the code belongs to, searched from now outwards within the window, or null when
   * it matches none (or is not six digits). Spaces are ignored: apps show codes as `123 456`.
   */
  matchStep(sealedSecret: string, userId: string, code: string, now: Instant): number | null {
    const token = code.replaceAll(/\s/gu, '');
    if (!CODE.test(token)) return null;
    const secret = new Secret({ buffer: new Uint8Array(this.secretBox.open(sealedSecret, contextOf(userId))).buffer });
    const timestamp = millisOf(now);
    const delta = TOTP.validate({ token, secret, algorithm: ALGORITHM, digits: DIGITS, period: TOTP_PERIOD_SECONDS, timestamp, window: this.window });
    return delta === null ? null : this.stepAt(now) + delta;
  }

  stepAt(now: Instant): number {
    return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: millisOf(now) });
  }
}

/** The code of a base32 secret at a time step: what the user's authenticator app shows (tests, tools). */
export const totpCodeAt = (secretBase32: string, step: number): string =>
  TOTP.generate({
    secret: Secret.fromBase32(secretBase32),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: step * TOTP_PERIOD_SECONDS * 1000,
  });
