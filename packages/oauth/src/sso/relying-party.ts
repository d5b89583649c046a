import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { SsoProviderError } from './errors.ts';
import type { SsoSignInSettings } from './settings.ts';
import { isLoopbackHttp } from './validation.ts';

/** What Sapien keeps (in the interaction, server side) while the browser is at the provider. */
export type PendingSso = Readonly<{ orgId: number; state: string; nonce: string; codeVerifier: string }>;

/** Who the provider says signed in. */
export type ExternalIdentity = Readonly<{ subject: string; email: string | undefined; emailVerified: boolean }>;

/** Discovery is cached this long per provider and client, so a sign-in does not fetch it twice. */
const DISCOVERY_TTL_MS = 5 * 60 * 1000;
const TIMEOUT_SECONDS = 10;
const SCOPE = 'openid email';

/** The interaction's uid leads the state, so the one registered redirect URI can find the sign-in (callback-hop.ts). */
export const uidOfState = (state: unknown): string | undefined => {
  if (typeof state !== 'string') return undefined;
  return /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{16,128}$/u.exec(state)?.[1];
};

const reasonOf = (error: unknown): string => {
  if (error instanceof oidc.AuthorizationResponseError) return `it answered ${error.error}${error.error_description ? `: ${error.error_description}` : ''}`;
  if (error instanceof oidc.ResponseBodyError) return `it answered ${error.error}`;
  return error instanceof Error ? error.message : String(error);
};

/**
 * Sapien as an OpenID Connect relying party of an org's identity provider (openid-client 6):
 * authorization code with PKCE (S256), state and nonce, client_secret_basic (the method every
 * provider must support, RFC 6749 §2.3.1). The ID token's claims come first; the e-mail claims
 * from userinfo when the ID token lacks them (providers such as oidc-provider put scope claims
 * only there in the code flow).
 */
export class SsoRelyingParty {
  private readonly discovered = new Map<string, Readonly<{ configuration: Promise<oidc.Configuration>; until: number }>>();

  constructor(private readonly redirectUri: string) {}

  private configurationOf(settings: SsoSignInSettings): Promise<oidc.Configuration> {
    const key = [settings.issuer, settings.clientId, createHash('sha256').update(settings.clientSecret).digest('base64url')].join('\n');
    const cached = this.discovered.get(key);
    if (cached && cached.until > Date.now()) return cached.configuration;
    const issuer = new URL(settings.issuer);
    const configuration = oidc.discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
      timeout: TIMEOUT_SECONDS,
      execute: isLoopbackHttp(issuer) ? [oidc.allowInsecureRequests] : [],
    });
    this.discovered.set(key, { configuration, until: Date.now() + DISCOVERY_TTL_MS });
    // A failed discovery is not kept: the next sign-in tries again.
    configuration.catch(() => this.discovered.delete(key));
    return configuration;
  }

  /** Where to send the browser, and what to keep until it comes back. */
  async authorizationRequest(settings: SsoSignInSettings, uid: string): Promise<Readonly<{ url: URL; pending: PendingSso }>> {
    try {
      const configuration = await this.configurationOf(settings);
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const pending: PendingSso = { orgId: settings.orgId, state: `${uid}.${oidc.randomState()}`, nonce: oidc.randomNonce(), codeVerifier };
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: this.redirectUri,
        scope: SCOPE,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, pending };
    } catch (error) {
      throw new SsoProviderError(`Your organisation's sign-in service cannot be reached (${reasonOf(error)}).`, 502, { cause: error });
    }
  }

  /** Checks the provider's answer (`search`: the callback's query) and redeems the code. */
  async identityOf(settings: SsoSignInSettings, search: string, pending: PendingSso): Promise<ExternalIdentity> {
    try {
      const configuration = await this.configurationOf(settings);
      const callback = new URL(this.redirectUri);
      callback.search = search;
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      let { email, email_verified: emailVerified } = claims;
      if (email === undefined && configuration.serverMetadata().userinfo_endpoint !== undefined) {
        ({ email, email_verified: emailVerified } = await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub));
      }
      return { subject: claims.sub, email: typeof email === 'string' ? email : undefined, emailVerified: emailVerified === true };
    } catch (error) {
      const declined = error instanceof oidc.AuthorizationResponseError;
      throw new SsoProviderError(`Your organisation's sign-in service did not sign you in (${reasonOf(error)}).`, declined ? 401 : 502, { cause: error });
    }
  }
}
