import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import Provider from 'oidc-provider';
import { MemoryAdapter } from '../adapter/memory-adapter.ts';
import { readForm } from '../interaction/form.ts';
import { escapeHtml } from '../interaction/html.ts';
import { generateOAuthKeys } from '../keys.ts';

export type IdentityProviderAccount = Readonly<{ subject: string; login: string; password: string; email: string; emailVerified?: boolean }>;
export type IdentityProviderClient = Readonly<{ clientId: string; clientSecret: string; redirectUris: readonly string[] }>;
export type TestIdentityProvider = Readonly<{ issuer: string; provider: Provider; close(): Promise<void> }>;

export const IDENTITY_PROVIDER_NAME = 'Example Identity';

const page = (uid: string, error?: string): string => `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${IDENTITY_PROVIDER_NAME}</title></head>
<body>
<main>
<h1>${IDENTITY_PROVIDER_NAME}</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>\n` : ''}<form method="post" action="/interaction/${encodeURIComponent(uid)}">
<p><label for="username">Work e-mail</label> <input id="username" name="username" required></p>
<p><label for="secret">Passphrase</label> <input id="secret" name="secret" type="password" required></p>
<button type="submit">Continue</button>
</form>
</main>
</body>
</html>
`;

/** Its own tiny sign-in page: accounts by login and password; consent is implied. */
const signInPage =
  (provider: Provider, accounts: readonly IdentityProviderAccount[]): Koa.Middleware =>
  async (ctx, next) => {
    const uid = /^\/interaction\/([A-Za-z0-9_-]{1,64})$/u.exec(ctx.path)?.[1];
    if (uid === undefined) return next();
    const interaction = await provider.interactionDetails(ctx.req, ctx.res);
    ctx.type = 'html';
    if (ctx.method !== 'POST') {
      ctx.body = page(interaction.uid);
      return;
    }
    const form = await readForm(ctx.req);
    const account = accounts.find((a) => a.login === form?.get('username') && a.password === form.get('secret'));
    if (!account) {
      ctx.status = 401;
      ctx.body = page(interaction.uid, 'Unknown e-mail or passphrase.');
      return;
    }
    const grant = new provider.Grant({ accountId: account.subject, clientId: String(interaction.params.client_id) });
    grant.addOIDCScope(String(interaction.params.scope ?? 'openid'));
    const grantId = await grant.save();
    const location = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: account.subject }, consent: { grantId } });
    ctx.redirect(location);
    ctx.status = 303;
  };

/**
 * A second oidc-provider acting as an org's identity provider, for tests: on a loopback port
 * under the host name `localhost` (so its cookies never mix with those of a Sapien on 127.0.0.1),
 * with in-memory accounts whose claims are `sub`, `email` and `email_verified`.
 */
export const startTestIdentityProvider = async (
  options: Readonly<{ accounts: readonly IdentityProviderAccount[]; clients: readonly IdentityProviderClient[] }>,
): Promise<TestIdentityProvider> => {
  let handle: RequestListener = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  const keys = generateOAuthKeys();
  // One memory adapter per model (as oidc-provider asks) and explicit lifetimes keep it quiet.
  const adapters = new Map<string, MemoryAdapter>();
  const adapterFor = (model: string): MemoryAdapter => {
    const adapter = adapters.get(model) ?? new MemoryAdapter();
    adapters.set(model, adapter);
    return adapter;
  };
  const provider = new Provider(issuer, {
    adapter: adapterFor,
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    jwks: { keys: [...keys.jwks.keys] },
    cookies: { keys: [...keys.cookieKeys] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, subject) => {
      const account = options.accounts.find((a) => a.subject === subject);
      return account && { accountId: subject, claims: async () => ({ sub: subject, email: account.email, email_verified: account.emailVerified ?? true }) };
    },
  });
  provider.use(signInPage(provider, options.accounts));
  handle = provider.callback();
  return {
    issuer,
    provider,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
