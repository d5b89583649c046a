import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import type Koa from 'koa';
import type { SsoSignIn } from '../interaction/sso-steps.ts';
import { OAUTH_PATHS } from '../routes.ts';
import { ssoCallbackHop } from './callback-hop.ts';
import { SsoRelyingParty } from './relying-party.ts';
import { NO_SSO, createSsoSettings, type SsoSecretBox, type SsoSettings } from './settings.ts';

export type ServerSso = Readonly<{
  /** For the API's admin route. */
  settings: SsoSettings;
  /** For the login interaction; undefined without a secret box. */
  signIn: SsoSignIn | undefined;
  /** GET /interaction/sso/callback, mounted before the interaction routes. */
  callbackHop: Koa.Middleware;
}>;

/** The redirect URI an org registers at its identity provider for this issuer. */
export const ssoRedirectUriOf = (issuer: string): string => new URL(OAUTH_PATHS.ssoCallback, issuer).href;

/** The OAuth server's single sign-on: off (NO_SSO) without a secret box to keep providers' secrets. */
export const serverSso = (
  options: Readonly<{ issuer: string; eventStore: EventStore; clock: Clock; secretBox: SsoSecretBox | undefined }>,
): ServerSso => {
  if (!options.secretBox) return { settings: NO_SSO, signIn: undefined, callbackHop: ssoCallbackHop };
  const directory = createSsoSettings({ eventStore: options.eventStore, clock: options.clock, secretBox: options.secretBox });
  const relyingParty = new SsoRelyingParty(ssoRedirectUriOf(options.issuer));
  return { settings: directory, signIn: { directory, relyingParty }, callbackHop: ssoCallbackHop };
};
