import type Koa from 'koa';
import type { Client, InteractionResults } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { newId } from '@sapien/kernel';
import { API_RESOURCE, apiScopesOfClient, orgIdOfClient } from '../configuration.ts';
import type { SignInSessions } from '../sessions.ts';
import type { AuthenticatedUser, UserAuthenticator } from '../users.ts';
import { readForm } from './form.ts';
import { decideGrant } from './grant.ts';
import { errorPage, loginPage, mfaPage, PAGE_HEADERS } from './html.ts';
import { ssoSteps, type SsoSignIn } from './sso-steps.ts';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export type InteractionDependencies = Readonly<{
  provider: Provider;
  users: UserAuthenticator;
  /** Starts the API session of each new grant. Absent: sign-ins start none. */
  sessions?: SignInSessions;
  onError: (error: unknown) => void;
  /** Single sign-on through orgs' identity providers (sso-steps.ts). Absent: none. */
  sso?: SsoSignIn;
}>;

const PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|mfa|abort|sso|sso\/callback))?$/u;
const MAX_MFA_FAILURES = 5;
const WRONG_CREDENTIALS = 'The organisation, login or password is not right.';

/** A password was right and a second factor is due: kept in the interaction (server side) meanwhile. */
type PendingMfa = Readonly<{ userId: string; failures: number }>;
const PENDING_MFA = 'sapienPendingMfa';

const pendingMfaOf = (interaction: Interaction): PendingMfa | undefined => {
  const value = interaction.result?.[PENDING_MFA];
  if (typeof value !== 'object' || value === null) return undefined;
  const { userId, failures } = value as Partial<Record<keyof PendingMfa, unknown>>;
  return typeof userId === 'string' && typeof failures === 'number' ? { userId, failures } : undefined;
};

const html = (ctx: Koa.Context, status: number, body: string): void => {
  ctx.set(PAGE_HEADERS);
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
};

const seeOther = (ctx: Koa.Context, location: string): void => {
  ctx.redirect(location);
  ctx.status = 303;
};

/**
 * The login and MFA pages of the authorization code flow, as koa middleware in front of
 * oidc-provider: GET /interaction/:uid shows the step due, POST …/login checks the password,
 * POST …/mfa the second factor, POST …/abort gives up. The interaction cookie (SameSite=Lax,
 * HttpOnly) ties each form to the browser that started the flow.
 */
export const interactionRoutes = (deps: InteractionDependencies): Koa.Middleware => {
  const { provider, users } = deps;

  const clientOf = async (interaction: Interaction): Promise<Client> => {
    const client = await provider.Client.find(String(interaction.params.client_id));
    if (!client) throw new errors.InvalidClient('client not found');
    return client;
  };

  const grantFor = async (interaction: Interaction, client: Client, accountId: string): Promise<string> => {
    const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
    const reused = existing !== undefined && existing.accountId === accountId;
    const grant = reused ? existing : new provider.Grant({ accountId, clientId: client.clientId });
    // A new grant is a new sign-in, and its id the API session's: a UUID v7 like every Sapien id.
    if (!reused) grant.jti = newId();
    const decision = decideGrant(String(interaction.params.scope ?? ''), apiScopesOfClient(client));
    if (decision.oidc.length > 0) grant.addOIDCScope(decision.oidc.join(' '));
    if (decision.granted.length > 0) grant.addResourceScope(API_RESOURCE, decision.granted.join(' '));
    if (decision.rejected.length > 0) grant.rejectResourceScope(API_RESOURCE, decision.rejected.join(' '));
    const grantId = await grant.save();
    // After the grant, before any code: a failure here ends the sign-in with no token issued.
    if (!reused) await deps.sessions?.start({ sessionId: grantId, userId: accountId, clientId: client.clientId });
    return grantId;
  };

  const finish = async (ctx: Koa.Context, result: InteractionResults): Promise<void> =>
    seeOther(ctx, await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));

  const signIn = async (ctx: Koa.Context, interaction: Interaction, client: Client, user: AuthenticatedUser, amr: string[]) =>
    finish(ctx, { login: { accountId: user.userId, amr }, consent: { grantId: await grantFor(interaction, client, user.userId) } });

  const deny = (ctx: Koa.Context, description: string) => finish(ctx, { error: 'access_denied', error_description: description });

  type Typed = Readonly<{ orgId?: string; login?: string }>;
  /** The login page of the interaction's client; after a failure, with the error and what was typed (never the password). */
  const loginView = async (ctx: Koa.Context, interaction: Interaction, status: number, failure?: Readonly<{ error: string; typed: Typed }>) => {
    const client = await clientOf(interaction);
    const orgId = orgIdOfClient(client);
    const sso = await single.choiceFor(orgId);
    return html(ctx, status, loginPage({ uid: interaction.uid, clientName: client.clientName ?? client.clientId, orgId, sso, ...failure }));
  };

  const single = ssoSteps({
    provider,
    users,
    sso: deps.sso,
    onError: deps.onError,
    clientOf,
    signIn,
    showLogin: (ctx, interaction, status, error, typed) => loginView(ctx, interaction, status, { error, typed }),
    html,
    seeOther,
  });

  const show = async (ctx: Koa.Context, interaction: Interaction): Promise<void> => {
    const client = await clientOf(interaction);
    if (interaction.prompt.name === 'login') {
      if (pendingMfaOf(interaction)) return html(ctx, 200, mfaPage({ uid: interaction.uid }));
      return loginView(ctx, interaction, 200);
    }
    if (interaction.prompt.name === 'consent') {
      // Clients are registered by the org's admins, so signing in is consent: nothing to ask.
      const accountId = interaction.session?.accountId;
      const user = accountId === undefined ? undefined : await users.findUser(accountId);
      const clientOrg = orgIdOfClient(client);
      if (!user || (clientOrg !== undefined && user.orgId !== clientOrg)) return deny(ctx, 'the signed-in user may not use this client');
      return finish(ctx, { consent: { grantId: await grantFor(interaction, client, user.userId) } });
    }
    return html(ctx, 400, errorPage(`unsupported step: ${interaction.prompt.name}`));
  };

  const login = async (ctx: Koa.Context, interaction: Interaction): Promise<void> => {
    const client = await clientOf(interaction);
    const clientOrg = orgIdOfClient(client);
    const form = await readForm(ctx.req);
    const orgId = clientOrg ?? Number(form?.get('orgId') ?? '');
    const loginName = form?.get('login') ?? '';
    const password = form?.get('password') ?? '';
    const again = (error: string) => loginView(ctx, interaction, 401, { error, typed: { orgId: form?.get('orgId') ?? '', login: loginName } });
    if (!Number.isSafeInteger(orgId) || orgId < 1 || loginName === '' || password === '') return again(WRONG_CREDENTIALS);
    const user = await users.authenticate(orgId, loginName, password);
    // A user of another org is told nothing more than a wrong password would tell.
    if (!user || user.orgId !== orgId) return again(WRONG_CREDENTIALS);
    if (users.mfaRequired && (await users.mfaRequired(user.userId))) {
      const pending: PendingMfa = { userId: user.userId, failures: 0 };
      await provider.interactionResult(ctx.req, ctx.res, { [PENDING_MFA]: pending }, { mergeWithLastSubmission: false });
      return seeOther(ctx, `/interaction/${interaction.uid}`);
    }
    return signIn(ctx, interaction, client, user, ['pwd']);
  };

  const mfa = async (ctx: Koa.Context, interaction: Interaction): Promise<void> => {
    const pending = pendingMfaOf(interaction);
    if (!pending || !users.verifyMfa) return html(ctx, 400, errorPage('Sign in with your password first.'));
    const code = ((await readForm(ctx.req))?.get('code') ?? '').trim();
    if (code !== '' && (await users.verifyMfa(pending.userId, code))) {
      const user = await users.findUser(pending.userId);
      if (!user) return deny(ctx, 'the user no longer exists');
      return signIn(ctx, interaction, await clientOf(interaction), user, ['pwd', 'otp']);
    }
    const failures = pending.failures + 1;
    if (failures >= MAX_MFA_FAILURES) return deny(ctx, 'too many wrong second-factor codes');
    await provider.interactionResult(ctx.req, ctx.res, { [PENDING_MFA]: { ...pending, failures } }, { mergeWithLastSubmission: false });
    return html(ctx, 401, mfaPage({ uid: interaction.uid, error: 'That code is not right.' }));
  };

  return async (ctx, next) => {
    const match = PATH.exec(ctx.path);
    if (!match) return next();
    const [, uid, action] = match;
    const method = action === undefined || action === 'sso/callback' ? ['GET', 'HEAD'] : ['POST'];
    if (!method.includes(ctx.method)) {
      ctx.set('allow', method.join(', '));
      return html(ctx, 405, errorPage('method not allowed'));
    }
    ctx.set('cache-control', 'no-store');
    try {
      const interaction = await provider.interactionDetails(ctx.req, ctx.res);
      if (interaction.uid !== uid) return html(ctx, 400, errorPage('This sign-in page belongs to another sign-in; start again.'));
      switch (action) {
        case undefined:
          return await show(ctx, interaction);
        case 'login':
          return await login(ctx, interaction);
        case 'mfa':
          return await mfa(ctx, interaction);
        case 'abort':
          return await deny(ctx, 'End-User aborted interaction');
        case 'sso':
          return await single.start(ctx, interaction);
        case 'sso/callback':
          return await single.callback(ctx, interaction);
        default:
          return html(ctx, 404, errorPage('not found'));
      }
    } catch (error) {
      if (error instanceof errors.OIDCProviderError) {
        return html(ctx, 400, errorPage('This sign-in has expired or was started elsewhere; start again from the application.'));
      }
      deps.onError(error);
      return html(ctx, 500, errorPage('Something went wrong; try again.'));
    }
  };
};
