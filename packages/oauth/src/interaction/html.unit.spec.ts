import { expect } from 'chai';
import { SSO_BUTTON, errorPage, escapeHtml, loginPage, mfaPage, ssoRefusedPage } from './html.ts';

const XSS = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
const labelledInputs = (page: string): { inputs: string[]; labels: string[] } => ({
  inputs: [...page.matchAll(/<input id="([^"]+)"/gu)].map((m) => m[1] ?? ''),
  labels: [...page.matchAll(/<label for="([^"]+)"/gu)].map((m) => m[1] ?? ''),
});

describe('interaction pages', () => {
  it('escape every character that could leave text or an attribute value', () =>
    expect(escapeHtml(`<script>"x"&'y'</script>`)).to.equal('&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;'));

  it('show an echoed login, the client name and an error as text, never as markup', () => {
    const page = loginPage({ uid: 'u1', clientName: XSS, orgId: undefined, sso: 'none', typed: { orgId: XSS, login: XSS }, error: XSS });
    expect(page).not.to.contain('<script>').and.not.to.contain('<img');
    expect(page).to.contain(`value="${escapeHtml(XSS)}"`);
  });

  it('escape the name an identity provider gave', () =>
    expect(ssoRefusedPage({ uid: 'u1', externalName: XSS })).not.to.contain('<script>'));

  it('have a language, a title, one h1 in a main, and no script', () => {
    for (const page of [loginPage({ uid: 'u1', clientName: 'c', orgId: 1, sso: 'org' }), mfaPage({ uid: 'u1' }), errorPage('no', 'u1')]) {
      expect(page).to.match(/^<!DOCTYPE html>\n<html lang="en">/u);
      expect(page).to.match(/<title>[^<]+<\/title>/u);
      expect(page.match(/<h1>/gu)).to.have.length(1);
      expect(page).to.contain('<main>');
      expect(page).not.to.match(/<script|style=|\son[a-z]+=/u);
    }
  });

  it('label every input of the login and second-factor pages', () => {
    for (const page of [loginPage({ uid: 'u1', clientName: 'c', orgId: undefined, sso: 'typed-org' }), mfaPage({ uid: 'u1' })]) {
      const { inputs, labels } = labelledInputs(page);
      expect(inputs).to.have.length.greaterThan(1);
      expect(labels).to.deep.equal(inputs);
    }
  });

  it('fix the organisation of an org client', () =>
    expect(loginPage({ uid: 'u1', clientName: 'c', orgId: 42, sso: 'none' })).to.match(/id="orgId"[^>]* value="42" readonly>/u));

  it('offer SSO as a form of its own for an org that has it, and as a second button when the org is typed', () => {
    expect(loginPage({ uid: 'u1', clientName: 'c', orgId: 42, sso: 'none' })).not.to.contain(escapeHtml(SSO_BUTTON));
    expect(loginPage({ uid: 'u1', clientName: 'c', orgId: 42, sso: 'org' })).to.contain(
      `<form method="post" action="/interaction/u1/sso">\n<button type="submit">${escapeHtml(SSO_BUTTON)}</button>`,
    );
    expect(loginPage({ uid: 'u1', clientName: 'c', orgId: undefined, sso: 'typed-org' })).to.contain('formaction="/interaction/u1/sso" formnovalidate');
  });

  it('mark the fields and the title when there is an error', () => {
    const page = mfaPage({ uid: 'u1', error: 'That code is not right.' });
    expect(page).to.contain('<p id="problem" role="alert">That code is not right.</p>');
    expect(page).to.contain('aria-describedby="problem" aria-invalid="true"');
    expect(page).to.match(/<title>Error: /u);
  });

  it('ask for the TOTP code as a one-time code on a numeric keypad', () =>
    expect(mfaPage({ uid: 'u1' })).to.match(/name="code" type="text" inputmode="numeric" autocomplete="one-time-code"/u));
});
