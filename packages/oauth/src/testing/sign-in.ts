import { Browser, locationOf } from './browser.ts';

export type SignInOutcome = Readonly<{
  /** Where the flow ended: the client's redirect URI with `code` (or `error`). */
  callback: URL;
  /** The pages shown on the way, for assertions. */
  pages: readonly string[];
}>;

const formAction = (page: string, step: string): string => {
  const match = new RegExp(`action="([^"]*/${step})"`, 'u').exec(page);
  if (!match?.[1]) throw new Error(`no ${step} form on the page:\n${page}`);
  return match[1];
};

/**
 * Drives the authorization code flow the way a browser would: authorization URL → login page →
 * password (→ second factor) → back to the provider → redirect to the client with the code.
 */
export const signIn = async (
  authorizationUrl: URL,
  credentials: Readonly<{ orgId?: number; login: string; password: string; mfaCode?: string }>,
  browser: Browser = new Browser(),
): Promise<SignInOutcome> => {
  const pages: string[] = [];
  let response = await browser.get(authorizationUrl);
  let url = locationOf(response, authorizationUrl);
  // Follow the provider's redirects until it hands over to a page or to the client.
  const follow = async (): Promise<void> => {
    while (url.origin === authorizationUrl.origin && !url.pathname.startsWith('/interaction/')) {
      response = await browser.get(url);
      url = locationOf(response, url);
    }
  };
  await follow();
  if (url.origin !== authorizationUrl.origin) return { callback: url, pages };

  response = await browser.get(url);
  let page = await response.text();
  pages.push(page);
  const fields: Record<string, string> = { login: credentials.login, password: credentials.password };
  if (credentials.orgId !== undefined) fields.orgId = String(credentials.orgId);
  response = await browser.postForm(new URL(formAction(page, 'login'), url), fields);
  if (response.status !== 303) return { callback: url, pages: [...pages, await response.text()] };
  url = locationOf(response, url);

  if (url.pathname.startsWith('/interaction/')) {
    response = await browser.get(url);
    page = await response.text();
    pages.push(page);
    response = await browser.postForm(new URL(formAction(page, 'mfa'), url), { code: credentials.mfaCode ?? '' });
    if (response.status !== 303) return { callback: url, pages: [...pages, await response.text()] };
    url = locationOf(response, url);
  }
  await follow();
  return { callback: url, pages };
};
