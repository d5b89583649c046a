import type Koa from 'koa';
import { errorPage, PAGE_HEADERS } from '../interaction/html.ts';
import { OAUTH_PATHS } from '../routes.ts';
import { uidOfState } from './relying-party.ts';

/**
 * The one redirect URI an org registers at its identity provider (providers match it exactly),
 * GET /interaction/sso/callback, passes the answer on to /interaction/:uid/sso/callback, where the
 * interaction cookie (scoped to that path) is sent. The uid comes from `state`; the step there
 * checks the whole state against the one it kept, so a forged uid leads nowhere.
 */
export const ssoCallbackHop: Koa.Middleware = async (ctx, next) => {
  if (ctx.path !== OAUTH_PATHS.ssoCallback) return next();
  ctx.set({ ...PAGE_HEADERS, 'cache-control': 'no-store' });
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
    ctx.set('allow', 'GET, HEAD');
    ctx.status = 405;
    ctx.type = 'html';
    ctx.body = errorPage('Method not allowed.');
    return;
  }
  const uid = uidOfState(ctx.query.state);
  if (uid === undefined) {
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = errorPage('This answer from your sign-in service belongs to no sign-in; start again from the application.');
    return;
  }
  ctx.redirect(`${OAUTH_PATHS.interaction}/${uid}/sso/callback${ctx.search}`);
  ctx.status = 303;
};
