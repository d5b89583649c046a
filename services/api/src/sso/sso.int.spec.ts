import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ssoStreamId } from '@sapien/oauth';
import { IDENTITY_PROVIDER_NAME, startTestIdentityProvider, type TestIdentityProvider } from '@sapien/oauth/testing';
import { launchChromium, requireChromium } from '@sapien/testing';
import { BACK_IN_THE_APP, startSignInFixture, type SignInFixture } from '../oauth/browser-fixture.ts';

const PASSWORD = 'correct horse battery staple';
const SSO_BUTTON = "Sign in with your organisation's SSO";
const IDP_CLIENT = { clientId: 'sapien-acme', clientSecret: 'the secret Acme Identity gave Sapien' };

describe('single sign-on through an org’s OpenID Connect provider', () => {
  let fixture: SignInFixture;
  let idp: TestIdentityProvider;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let carolId: string;

  before(requireChromium);
  before(async () => {
    [fixture, browser] = await Promise.all([startSignInFixture([1, 2]), launchChromium()]);
    idp = await startTestIdentityProvider({
      clients: [{ ...IDP_CLIENT, redirectUris: [`${fixture.api.url}/interaction/sso/callback`] }],
      accounts: [
        { subject: 'idp-carol', login: 'carol@acme.example', password: 'carol at the idp', email: 'Carol@Acme.example' },
        { subject: 'idp-dave', login: 'dave@acme.example', password: 'dave at the idp', email: 'dave@acme.example' },
        { subject: 'idp-mallory', login: 'mallory', password: 'mallory at the idp', email: 'erin@acme.example', emailVerified: false },
      ],
    });
    carolId = await fixture.createUser(1, { login: 'carol@acme.example', password: PASSWORD, roles: ['member'] });
    expect((await fixture.call('PATCH', `/v1/orgs/1/users/${carolId}`, fixture.admin, { ssoEnabled: true })).status).to.equal(200);
    const erinId = await fixture.createUser(1, { login: 'erin@acme.example', password: PASSWORD, roles: ['member'] });
    await fixture.call('PATCH', `/v1/orgs/1/users/${erinId}`, fixture.admin, { ssoEnabled: true });
  });
  after(async () => {
    await browser?.close();
    await idp?.close();
    await fixture?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(async () => context.close());

  const configure = (orgId = 1, token = fixture.admin, body: object = { issuer: idp.issuer, ...IDP_CLIENT }) =>
    fixture.call('PUT', `/v1/orgs/${orgId}/sso`, token, body);

  describe('PUT/GET/DELETE /v1/orgs/{orgId}/sso', () => {
    it('sets the provider, answers without the secret and with the redirect URI to register, and keeps the secret only sealed', async () => {
      const response = await configure();
      expect(response.status, JSON.stringify(response.body)).to.equal(200);
      const expected = { orgId: 1, issuer: idp.issuer, clientId: IDP_CLIENT.clientId, redirectUri: `${fixture.api.url}/interaction/sso/callback` };
      expect(response.body).to.deep.equal(expected);
      expect(response.headers.get('sapien-position')).to.match(/^\d+$/u);
      expect((await fixture.call('GET', '/v1/orgs/1/sso', fixture.admin)).body).to.deep.equal(expected);
      const stored = JSON.stringify(await fixture.api.eventStore.readStream(ssoStreamId(1)));
      expect(stored).to.contain('sealedSecret').and.not.contain(IDP_CLIENT.clientSecret);
    });

    it('refuses an issuer over plain HTTP off loopback, naming the field', async () => {
      const response = await configure(2, fixture.admin, { issuer: 'http://idp.example.com', ...IDP_CLIENT });
      expect(response.status).to.equal(400);
      expect(response.body).to.include({ type: 'urn:sapien:problem:validation-failed', field: 'issuer' });
    });

    it('answers 404 for an org without single sign-on, and for one that does not exist', async () => {
      expect((await fixture.call('GET', '/v1/orgs/2/sso', fixture.admin)).status).to.equal(404);
      expect((await configure(99)).status).to.equal(404);
    });

    it('refuses a user without the org-admin role', async () => {
      const token = await signInWithPassword('member@acme.example');
      const response = await configure(1, token);
      expect(response.status).to.equal(403);
    });

    it('removes the settings: 204, then 404', async () => {
      await configure(2, fixture.admin, { issuer: idp.issuer, clientId: 'x', clientSecret: 'y' });
      expect((await fixture.call('DELETE', '/v1/orgs/2/sso', fixture.admin)).status).to.equal(204);
      expect((await fixture.call('GET', '/v1/orgs/2/sso', fixture.admin)).status).to.equal(404);
    });
  });

  /** A member of org 1 signs in with a password (orgs:read users:read, no org-admin role). */
  const signInWithPassword = async (login: string): Promise<string> => {
    await fixture.createUser(1, { login, password: PASSWORD, roles: ['member'] });
    const { url, redeem } = await fixture.authorize(1);
    await page.goto(url.href);
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((current) => current.href.startsWith(fixture.redirectUri));
    return redeem(new URL(page.url()));
  };

  /** From the client to Sapien's login page, on to the provider's page, signed in there, and back. */
  const signInAtProvider = async (login: string, password: string) => {
    const authorization = await fixture.authorize(1);
    await page.goto(authorization.url.href);
    await page.getByRole('button', { name: SSO_BUTTON }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    expect(await page.locator('h1').textContent()).to.equal(IDENTITY_PROVIDER_NAME);
    await page.getByLabel('Work e-mail').fill(login);
    await page.getByLabel('Passphrase').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin !== idp.issuer);
    return authorization;
  };

  describe('the sign-in', () => {
    before(async () => expect((await configure()).status).to.equal(200));

    it('sends the browser to the provider, and issues a token for the SSO user its verified e-mail names', async () => {
      const { redeem } = await signInAtProvider('carol@acme.example', 'carol at the idp');
      await page.waitForURL((url) => url.href.startsWith(fixture.redirectUri));
      expect(await page.title()).to.equal(BACK_IN_THE_APP);
      const token = await redeem(new URL(page.url()));
      expect(await fixture.api.oauth.resolveAccessToken(token)).to.include({ kind: 'user', userId: carolId, orgId: 1 });
      expect((await fixture.call('GET', '/v1/orgs/1', token)).status).to.equal(200);
    });

    it('refuses a person the provider knows but Sapien does not, with a page that says so', async () => {
      await signInAtProvider('dave@acme.example', 'dave at the idp');
      expect(new URL(page.url()).pathname).to.match(/^\/interaction\/[A-Za-z0-9_-]+\/sso\/callback$/u);
      expect(await page.locator('h1').textContent()).to.equal('Sign-in refused');
      const alert = page.getByRole('alert');
      expect(await alert.textContent()).to.contain('dave@acme.example').and.contain('no Sapien user of this organisation');
      expect(await page.getByRole('link', { name: 'Back to the sign-in page' }).count()).to.equal(1);
    });

    it('links nobody through an e-mail address the provider has not verified', async () => {
      await signInAtProvider('mallory', 'mallory at the idp');
      expect(await page.getByRole('alert').textContent()).to.contain('did not confirm your e-mail address');
    });

    it('keeps an SSO user from signing in with the password', async () => {
      const { url } = await fixture.authorize(1);
      await page.goto(url.href);
      await page.getByLabel('Login').fill('carol@acme.example');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      expect(await page.getByRole('alert').textContent()).to.equal('The organisation, login or password is not right.');
    });

    it('does not offer single sign-on for an org without it', async () => {
      const { url } = await fixture.authorize(2);
      await page.goto(url.href);
      expect(await page.getByLabel('Login').count()).to.equal(1);
      expect(await page.getByRole('button', { name: SSO_BUTTON }).count()).to.equal(0);
    });
  });
});
