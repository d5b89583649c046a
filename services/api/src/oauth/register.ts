import type { FastifyInstance } from 'fastify';
import type { ApiDependencies } from '../dependencies.ts';
import { registerClientRoutes } from './client-routes.ts';
import { mountOAuth } from './mount.ts';
import { registerSsoRoutes } from '../sso/routes.ts';

/** The OAuth server's paths, the client registration and SSO routes, when the API is given an OAuth server. */
export const registerOAuth = (app: FastifyInstance, deps: ApiDependencies): void => {
  if (!deps.oauth) return;
  mountOAuth(app, deps.oauth);
  registerClientRoutes(app, { oauth: deps.oauth, eventStore: deps.eventStore });
  registerSsoRoutes(app, { oauth: deps.oauth, eventStore: deps.eventStore });
};
