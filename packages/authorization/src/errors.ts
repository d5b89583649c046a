import { SapienError } from '@sapien/kernel';

/** No bearer token, or one the OAuth server does not vouch for (expired, revoked, unknown). */
export class UnauthenticatedError extends SapienError {
  override readonly name = 'UnauthenticatedError';

  constructor(readonly reason: 'missing-token' | 'invalid-token') {
    super(
      'unauthenticated',
      reason === 'missing-token'
        ? 'this endpoint needs a bearer token (Authorization: Bearer <token>)'
        : 'the bearer token is invalid, expired or revoked',
      401,
    );
  }
}

/** The token may see the subject but lacks what the attribute needs (a scope or a role). */
export class ForbiddenError extends SapienError {
  override readonly name = 'ForbiddenError';

  constructor(readonly attribute: string) {
    super('forbidden', `the token does not grant ${attribute}`, 403, { attribute });
  }
}
