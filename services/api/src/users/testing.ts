import { ScryptPasswordHasher, type SecretBox } from '@sapien/users';
import type { FastifyInstance } from 'fastify';
import { routesOf, type RegisteredRoute } from '../app.ts';
import type { ResolvePrincipal } from '../auth/authenticate.ts';
import { startHarness, type Harness, type HarnessOptions } from '../testing/harness.ts';

export type UserHarness = Harness &
  Readonly<{
    /** The API (users, sessions and the rest). */
    users: FastifyInstance;
    /** The users and sessions routes the API registered. */
    routes: readonly RegisteredRoute[];
    secretBox: SecretBox;
    passwordHasher: ScryptPasswordHasher;
  }>;

/**
 * The shared harness with a password hasher that keeps N = 2^15 but p = 1, so the suites stay
 * quick, and optionally the authorization plugin.
 */
export const startUserHarness = async (
  options: HarnessOptions & Readonly<{ resolvePrincipal?: ResolvePrincipal }> = {},
): Promise<UserHarness> => {
  const { resolvePrincipal, ...harnessOptions } = options;
  const passwordHasher = new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 1 });
  const harness = await startHarness({
    ...harnessOptions,
    api: { ...harnessOptions.api, passwordHasher, ...(resolvePrincipal ? { resolvePrincipal } : {}) },
  });
  const routes = routesOf(harness.app).filter(({ url }) => /^\/v1\/orgs\/:orgId\/(users|sessions)/.test(url));
  return { ...harness, users: harness.app, routes, passwordHasher };
};
