const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (value: string): string => value.replace(/[&<>"']/gu, (char) => ENTITIES[char] ?? char);

const page = (title: string, body: string): string =>
  `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;

const problem = (error: string | undefined): string => (error ? `<p role="alert">${escapeHtml(error)}</p>\n` : '');

export const loginPage = (input: Readonly<{ uid: string; clientName: string; orgId: number | undefined; error?: string }>): string =>
  page(
    'Sign in to Sapien',
    `<p>${escapeHtml(input.clientName)} asks to act on your behalf.</p>
${problem(input.error)}<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/login" autocomplete="off">
<label>Organisation <input name="orgId" inputmode="numeric" required value="${input.orgId === undefined ? '' : String(input.orgId)}"${input.orgId === undefined ? '' : ' readonly'}></label>
<label>Login <input name="login" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/abort"><button type="submit">Cancel</button></form>`,
  );

export const mfaPage = (input: Readonly<{ uid: string; error?: string }>): string =>
  page(
    'Second factor',
    `<p>Enter the code from your authenticator app, or a recovery code.</p>
${problem(input.error)}<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/mfa" autocomplete="off">
<label>Code <input name="code" inputmode="numeric" required autofocus></label>
<button type="submit">Verify</button>
</form>
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/abort"><button type="submit">Cancel</button></form>`,
  );

export const errorPage = (message: string): string => page('Sign-in failed', `<p>${escapeHtml(message)}</p>`);
