import { SapienError } from '@sapien/kernel';

/** The OAuth server was built without a SecretBox, so it cannot keep an identity provider's secret. */
export class SsoNotAvailableError extends SapienError {
  override readonly name = 'SsoNotAvailableError';

  constructor() {
    super('sso-not-available', 'single sign-on needs the server secret key (SAPIEN_SECRET_KEY), which this server was started without', 501);
  }
}

/**
 * The org's identity provider could not be reached or answered something unusable (502), or it
 * declined to sign the user in (401: the user cancelled, or the provider refused them).
 */
export class SsoProviderError extends SapienError {
  override readonly name = 'SsoProviderError';

  constructor(message: string, status: 401 | 502, options?: ErrorOptions) {
    super(status === 401 ? 'sso-declined' : 'sso-provider-failed', message, status, {}, options);
  }
}
