import type Koa from 'koa';
import type { Client } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { orgIdOfClient } from '../configuration.ts';
import { SsoProviderError } from '../sso/errors.ts';
import type { PendingSso, SsoRelyingParty } from '../sso/relying-party.ts';
import type { SsoSignInDirectory } from '../sso/settings.ts';
import type { AuthenticatedUser, UserAuthenticator } from '../users.ts';
import { readForm } from './form.ts';
import { errorPage, ssoRefusedPage, type SsoChoice } from './html.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** Single sign-on as the login interaction offers it: the org's settings, and Sapien as relying party. */
export type SsoSignIn = Readonly<{ directory: SsoSignInDirectory; relyingParty: SsoRelyingParty }>;

/** What the SSO steps borrow from the interaction routes (routes.ts), so a sign-in ends the same way. */
export type SsoStepTools = Readonly<{
  provider: Provider;
  users: UserAuthenticator;
  sso: SsoSignIn | undefined;
  onError: (error: unknown) => void;
  clientOf(interaction: Interaction): Promise<Client>;
  signIn(ctx: Koa.Context, interaction: Interaction, client: Client, user: AuthenticatedUser, amr: string[]): Promise<void>;
  showLogin(ctx: Koa.Context, interaction: Interaction, status: number, error: string, typed: Readonly<{ orgId?: string; login?: string }>): Promise<void>;
  html(ctx: Koa.Context, status: number, body: string): void;
  seeOther(ctx: Koa.Context, location: string): void;
}>;

const PENDING_SSO = 'sapienPendingSso';
/** RFC 8176 has no value for a federated login; `fed` is what other providers put in `amr` for it. */
const AMR = ['fed'];

const pendingSsoOf = (interaction: Interaction): PendingSso | undefined => {
  const value = interaction.result?.[PENDING_SSO];
  if (typeof value !== 'object' || value === null) return undefined;
  const { orgId, state, nonce, codeVerifier } = value as Partial<Record<keyof PendingSso, unknown>>;
  return typeof orgId === 'number' && typeof state === 'string' && typeof nonce === 'string' && typeof codeVerifier === 'string'
    ? { orgId, state, nonce, codeVerifier }
    : undefined;
};

/**
 * POST /interaction/:uid/sso sends the browser to the org's identity provider; GET
 * /interaction/:uid/sso/callback takes its answer, finds the Sapien user and signs them in.
 * A user is linked by login: the provider's verified `email` is the login of a user of that org
 * with SSO enabled (README.md, "Single sign-on").
 */
export const ssoSteps = (tools: SsoStepTools) => {
  const { provider, users, sso } = tools;

  /** How the login page offers SSO for a client's org (undefined: a platform client, the user types the org). */
  const choiceFor = async (clientOrg: number | undefined): Promise<SsoChoice> => {
    if (!sso || !users.findSsoUser) return 'none';
    if (clientOrg === undefined) return 'typed-org';
    return (await sso.directory.signInSettingsOf(clientOrg)) ? 'org' : 'none';
  };

  const providerFailed = (ctx: Koa.Context, interaction: Interaction, error: SsoProviderError): void => {
    // A provider that fails is for the operators to know; one that declines a user is not.
    if (error.status >= 500) tools.onError(error);
    tools.html(ctx, error.status, errorPage(error.message, interaction.uid));
  };

  const start = async (ctx: Koa.Context, interaction: Interaction): Promise<void> => {
    const clientOrg = orgIdOfClient(await tools.clientOf(interaction));
    const form = await readForm(ctx.req);
    const typedOrg = (form?.get('orgId') ?? '').trim();
    const orgId = clientOrg ?? Number(typedOrg);
    const settings = sso && users.findSsoUser && Number.isSafeInteger(orgId) && orgId >= 1 ? await sso.directory.signInSettingsOf(orgId) : undefined;
    if (!sso || !settings) {
      return tools.showLogin(ctx, interaction, 400, 'This organisation does not sign in with single sign-on.', { orgId: typedOrg, login: form?.get('login') ?? '' });
    }
    let request: Awaited<ReturnType<SsoRelyingParty['authorizationRequest']>>;
    try {
      request = await sso.relyingParty.authorizationRequest(settings, interaction.uid);
    } catch (error) {
      if (error instanceof SsoProviderError) return providerFailed(ctx, interaction, error);
      throw error;
    }
    await provider.interactionResult(ctx.req, ctx.res, { [PENDING_SSO]: request.pending }, { mergeWithLastSubmission: false });
    return tools.seeOther(ctx, request.url.href);
  };

  const callback = async (ctx: Koa.Context, interaction: Interaction): Promise<void> => {
    const pending = pendingSsoOf(interaction);
    if (!sso || !users.findSsoUser || !pending) {
      return tools.html(ctx, 400, errorPage('This sign-in did not go to your sign-in service; start again from the sign-in page.', interaction.uid));
    }
    // The state, nonce and verifier serve one answer: a replayed callback finds nothing pending.
    await provider.interactionResult(ctx.req, ctx.res, {}, { mergeWithLastSubmission: false });
    const settings = await sso.directory.signInSettingsOf(pending.orgId);
    if (!settings) return tools.html(ctx, 400, errorPage('Your organisation no longer signs in with single sign-on.', interaction.uid));
    let identity: Awaited<ReturnType<SsoRelyingParty['identityOf']>>;
    try {
      identity = await sso.relyingParty.identityOf(settings, ctx.search, pending);
    } catch (error) {
      if (error instanceof SsoProviderError) return providerFailed(ctx, interaction, error);
      throw error;
    }
    // An unverified address could be anyone's (the nOAuth attack): it links to nobody.
    if (identity.email === undefined || !identity.emailVerified) {
      const message = "Your organisation's sign-in service did not confirm your e-mail address, which Sapien needs to find your user.";
      return tools.html(ctx, 403, errorPage(message, interaction.uid));
    }
    const user = await users.findSsoUser(pending.orgId, identity.email);
    if (!user || user.orgId !== pending.orgId) return tools.html(ctx, 403, ssoRefusedPage({ uid: interaction.uid, externalName: identity.email }));
    return tools.signIn(ctx, interaction, await tools.clientOf(interaction), user, AMR);
  };

  return { choiceFor, start, callback };
};
