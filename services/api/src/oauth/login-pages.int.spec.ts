import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { launchChromium, requireChromium } from '@sapien/testing';
import { BACK_IN_THE_APP, startSignInFixture, type SignInFixture } from './browser-fixture.ts';

const PASSWORD = 'correct horse battery staple';
const XSS = `"><script>alert('xss')</script><img src=x onerror=alert(1)>`;
const SSO_BUTTON = "Sign in with your organisation's SSO";

/** What the user's authenticator app shows at a 30-second step (RFC 6238 defaults). */
const totpAt = (secret: string, step: number): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: step * 30_000 });
const currentStep = (): number => Math.floor(Date.now() / 30_000);
/** A six-digit code no step of the accepted window (±1) shows. */
const wrongCode = (secret: string): string => {
  const window = [-1, 0, 1, 2].map((delta) => totpAt(secret, currentStep() + delta));
  return ['000000', '111111', '222222', '333333', '444444'].find((code) => !window.includes(code)) ?? '555555';
};

describe('the sign-in pages in Chromium', () => {
  let fixture: SignInFixture;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Dialogs (a script ran), page errors and CSP violations Chromium reported: none is expected. */
  let incidents: string[];

  before(requireChromium);
  before(async () => {
    [fixture, browser] = await Promise.all([startSignInFixture([1]), launchChromium()]);
    await fixture.createUser(1, { login: 'alice', password: PASSWORD, roles: ['member'] });
  });
  after(async () => {
    await browser?.close();
    await fixture?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    incidents = [];
    page.on('dialog', (dialog) => {
      incidents.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => incidents.push(`error: ${error.message}`));
    page.on('console', (message) => {
      if (/content security policy|refused to/iu.test(message.text())) incidents.push(`console: ${message.text()}`);
    });
  });
  afterEach(async () => context.close());

  /** Opens the client's authorization URL: the provider sends the browser to the login page. */
  const openLogin = async (orgId = 1) => {
    const authorization = await fixture.authorize(orgId);
    await page.goto(authorization.url.href);
    expect(new URL(page.url()).pathname).to.match(/^\/interaction\/[A-Za-z0-9_-]+$/u);
    return authorization;
  };

  const submitPassword = async (login: string, password: string) => {
    await page.getByLabel('Login').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  /** The browser is back at the client with a code; the client redeems it and calls the API. */
  const tokenWorks = async (redeem: (callback: URL) => Promise<string>) => {
    await page.waitForURL((url) => url.href.startsWith(fixture.redirectUri));
    expect(await page.title()).to.equal(BACK_IN_THE_APP);
    const token = await redeem(new URL(page.url()));
    const org = await fixture.call('GET', '/v1/orgs/1', token);
    expect(org.status).to.equal(200);
    expect(org.body).to.include({ orgId: 1, name: 'Org 1' });
    return token;
  };

  describe('password', () => {
    it('signs a user in through the login page; the code becomes a token that works on GET /v1/orgs/1', async () => {
      const { redeem } = await openLogin();
      expect(await page.getByLabel('Organisation number').inputValue()).to.equal('1');
      await submitPassword('alice', PASSWORD);
      const token = await tokenWorks(redeem);
      expect(await fixture.api.oauth.resolveAccessToken(token)).to.include({ kind: 'user', orgId: 1 });
      expect(incidents).to.deep.equal([]);
    });

    it('shows the alert after a wrong password and keeps the form, which then signs in', async () => {
      const { redeem } = await openLogin();
      await submitPassword('alice', 'not the password at all');
      const alert = page.getByRole('alert');
      expect(await alert.isVisible()).to.equal(true);
      expect(await alert.textContent()).to.equal('The organisation, login or password is not right.');
      expect(await page.title()).to.match(/^Error: /u);
      expect(await page.getByLabel('Login').inputValue()).to.equal('alice');
      expect(await page.getByLabel('Password').inputValue()).to.equal('');
      expect(await page.getByLabel('Password').getAttribute('aria-describedby')).to.equal('problem');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await tokenWorks(redeem);
    });

    it('shows a login with markup in it as text: no script runs, nothing is injected', async () => {
      await openLogin();
      await submitPassword(XSS, 'whatever it is');
      expect(await page.getByRole('alert').isVisible()).to.equal(true);
      expect(await page.getByLabel('Login').inputValue()).to.equal(XSS);
      expect(await page.locator('script, img').count()).to.equal(0);
      expect(incidents).to.deep.equal([]);
    });
  });

  describe('TOTP second factor', () => {
    it('asks for the code after the password and signs in with the one the app shows', async () => {
      const userId = await fixture.createUser(1, { login: 'bob', password: PASSWORD, roles: ['member'] });
      const enrolment = await fixture.call('POST', `/v1/orgs/1/users/${userId}/mfa/totp`, fixture.admin);
      const secret = String(enrolment.body.secret);
      // Confirmed with the previous step's code (within the window), so the current one is still unused.
      const confirmed = await fixture.call('POST', `/v1/orgs/1/users/${userId}/mfa/totp/verify`, fixture.admin, { code: totpAt(secret, currentStep() - 1) });
      expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(200);

      const { redeem } = await openLogin();
      await submitPassword('bob', PASSWORD);
      const code = page.getByLabel('Authentication code');
      expect(await page.locator('h1').textContent()).to.equal('Enter your second factor');
      expect(await code.getAttribute('autocomplete')).to.equal('one-time-code');
      expect(await code.getAttribute('inputmode')).to.equal('numeric');
      await code.fill(wrongCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      expect(await page.getByRole('alert').textContent()).to.equal('That code is not right.');
      await page.getByLabel('Authentication code').fill(totpAt(secret, currentStep()));
      await page.getByRole('button', { name: 'Verify' }).click();
      const token = await tokenWorks(redeem);
      expect(await fixture.api.oauth.resolveAccessToken(token)).to.include({ userId });
    });
  });

  describe('accessibility basics', () => {
    /** Every input and button of the page has an accessible name, each label finds exactly its input. */
    const expectNamedControls = async (labels: readonly string[]) => {
      expect(await page.locator('html').getAttribute('lang')).to.equal('en');
      expect(await page.title()).to.match(/\S/u);
      expect(await page.locator('h1').count()).to.equal(1);
      expect(await page.locator('main h1').count()).to.equal(1);
      for (const label of labels) expect(await page.getByLabel(label, { exact: true }).count(), label).to.equal(1);
      type Labelled = { labels?: ArrayLike<{ textContent: string | null }> | null; outerHTML: string };
      const unlabelled = await page.locator('input').evaluateAll((inputs) =>
        inputs.map((input) => input as unknown as Labelled).filter((input) => !input.labels?.[0]?.textContent?.trim()).map((input) => input.outerHTML),
      );
      expect(unlabelled).to.deep.equal([]);
      expect(await page.locator('input').count()).to.equal(labels.length);
      for (const button of await page.getByRole('button').all()) expect((await button.textContent())?.trim()).not.to.equal('');
      expect(await page.locator('script').count()).to.equal(0);
    };

    it('names every field of the login page, with one h1, a language and a title, under a strict CSP', async () => {
      const authorization = await fixture.authorize(1);
      const response = await page.goto(authorization.url.href);
      expect(response?.headers()['content-security-policy']).to.contain("default-src 'none'");
      await expectNamedControls(['Organisation number', 'Login', 'Password']);
      expect(await page.getByLabel('Login').getAttribute('autocomplete')).to.equal('username');
      expect(await page.getByLabel('Password').getAttribute('autocomplete')).to.equal('current-password');
      expect(await page.getByRole('alert').count()).to.equal(0);
      // Org 1 has no single sign-on: no such choice.
      expect(await page.getByRole('button', { name: SSO_BUTTON }).count()).to.equal(0);
    });

    it('names the code fields of the second-factor page, the recovery code among them, and shows errors as an alert', async () => {
      const userId = await fixture.createUser(1, { login: 'carol', password: PASSWORD, roles: ['member'] });
      const secret = String((await fixture.call('POST', `/v1/orgs/1/users/${userId}/mfa/totp`, fixture.admin)).body.secret);
      await fixture.call('POST', `/v1/orgs/1/users/${userId}/mfa/totp/verify`, fixture.admin, { code: totpAt(secret, currentStep() - 1) });
      await openLogin();
      await submitPassword('carol', PASSWORD);
      await expectNamedControls(['Authentication code', 'Recovery code']);
      await page.getByLabel('Recovery code').fill('aaaa-bbbb-cccc-dddd');
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      const alert = page.getByRole('alert');
      expect(await alert.isVisible()).to.equal(true);
      expect(await alert.getAttribute('id')).to.equal('problem');
      expect(incidents).to.deep.equal([]);
    });
  });
});
