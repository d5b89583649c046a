/*
 * The sign-in pages: plain semantic HTML that works without JavaScript or styles. Every echoed
 * value goes through escapeHtml (text and attribute values alike, always in double quotes), and
 * the pages carry no script or inline style, so they render under PAGE_HEADERS' strict CSP.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/gu, (char) => ENTITIES[char] ?? char);

/**
 * Headers of every sign-in page. No `form-action`: Chromium applies it to the redirects after a
 * form post, which lead to the client's redirect URI or the org's identity provider.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const ERROR_ID = 'problem';

type PageInput = Readonly<{ title: string; body: string; error?: string | undefined }>;

/** A page; with an error, the title says so first and a role=alert region shows it above the body. */
const page = ({ title, body, error }: PageInput): string =>
  `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${error ? 'Error: ' : ''}${escapeHtml(title)} – Sapien</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${error ? `<p id="${ERROR_ID}" role="alert">${escapeHtml(error)}</p>\n` : ''}${body}
</main>
</body>
</html>
`;

const action = (uid: string, step: string): string => `/interaction/${encodeURIComponent(uid)}/${step}`;

/** Inputs point at the error, so a screen reader reads it with the field. */
const describedBy = (error: string | undefined): string => (error ? ` aria-describedby="${ERROR_ID}" aria-invalid="true"` : '');

const cancelForm = (uid: string): string =>
  `<form method="post" action="${action(uid, 'abort')}">
<button type="submit">Cancel</button>
</form>`;

export const SSO_BUTTON = "Sign in with your organisation's SSO";

/**
 * How the login page offers single sign-on: not at all, as its own form (the client's org has it
 * configured), or as a second button of the login form that posts the typed organisation (a
 * platform client, whose users' org is not known before they type it).
 */
export type SsoChoice = 'none' | 'org' | 'typed-org';

export type LoginPageInput = Readonly<{
  uid: string;
  clientName: string;
  /** The client's org, fixed; undefined for a platform client (the user types it). */
  orgId: number | undefined;
  sso: SsoChoice;
  /** What was typed, shown again after a failure (never the password). */
  typed?: Readonly<{ orgId?: string; login?: string }>;
  error?: string;
}>;

export const loginPage = (input: LoginPageInput): string => {
  const { uid, error } = input;
  const orgValue = input.orgId === undefined ? (input.typed?.orgId ?? '') : String(input.orgId);
  const ssoForm =
    input.sso === 'org'
      ? `\n<p>Or, if your organisation manages your sign-in:</p>
<form method="post" action="${action(uid, 'sso')}">
<button type="submit">${escapeHtml(SSO_BUTTON)}</button>
</form>`
      : '';
  const ssoButton =
    input.sso === 'typed-org' ? `\n<button type="submit" formaction="${action(uid, 'sso')}" formnovalidate>${escapeHtml(SSO_BUTTON)}</button>` : '';
  return page({
    title: 'Sign in to Sapien',
    error,
    body: `<p>${escapeHtml(input.clientName)} asks to act on your behalf.</p>
<form method="post" action="${action(uid, 'login')}">
<p><label for="orgId">Organisation number</label>
<input id="orgId" name="orgId" type="text" inputmode="numeric" autocomplete="off" required value="${escapeHtml(orgValue)}"${input.orgId === undefined ? '' : ' readonly'}></p>
<p><label for="login">Login</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(input.typed?.login ?? '')}"${describedBy(error)}></p>
<p><label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${describedBy(error)}></p>
<button type="submit">Sign in</button>${ssoButton}
</form>${ssoForm}
${cancelForm(uid)}`,
  });
};

/** The second step: a TOTP code, or one of the recovery codes instead (both post `code`). */
export const mfaPage = (input: Readonly<{ uid: string; error?: string }>): string =>
  page({
    title: 'Enter your second factor',
    error: input.error,
    body: `<p>Enter the six-digit code your authenticator app shows for Sapien.</p>
<form method="post" action="${action(input.uid, 'mfa')}">
<p><label for="totp-code">Authentication code</label>
<input id="totp-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required autofocus${describedBy(input.error)}></p>
<button type="submit">Verify</button>
</form>
<h2>No access to your authenticator app?</h2>
<form method="post" action="${action(input.uid, 'mfa')}">
<p><label for="recovery-code">Recovery code</label>
<input id="recovery-code" name="code" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" required></p>
<button type="submit">Use a recovery code</button>
</form>
${cancelForm(input.uid)}`,
  });

/** A sign-in that cannot go on; `uid` offers the way back to the sign-in page. */
export const errorPage = (message: string, uid?: string): string =>
  page({
    title: 'Sign-in failed',
    error: message,
    body: uid === undefined ? '' : `<p><a href="/interaction/${encodeURIComponent(uid)}">Back to the sign-in page</a></p>`,
  });

/** Single sign-on worked at the org's identity provider, but no Sapien user of the org may use it. */
export const ssoRefusedPage = (input: Readonly<{ uid: string; externalName: string }>): string =>
  page({
    title: 'Sign-in refused',
    error: `Your organisation's sign-in service knows you as ${input.externalName}, but no Sapien user of this organisation signs in with single sign-on under that name.`,
    body: `<p>Ask your organisation's Sapien administrator to create your user (its login is your e-mail address) and to turn on single sign-on for it.</p>
<p><a href="/interaction/${encodeURIComponent(input.uid)}">Back to the sign-in page</a></p>`,
  });
