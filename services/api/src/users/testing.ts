import { SystemClock } from '@sapien/kernel';
import { AesGcmSecretBox, ScryptPasswordHasher, type SecretBox } from '@sapien/users';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { DEFAULT_API_SETTINGS } from '../dependencies.ts';
import { correlationIdOf } from '../http/correlation.ts';
import { registerProblemHandlers } from '../http/error-handler.ts';
import { awaitMinPosition } from '../http/min-position.ts';
import { registerOpenApi } from '../http/openapi.ts';
import { SHARED_SCHEMAS } from '../http/schemas.ts';
import { strictBodyValidators } from '../http/validation.ts';
import { idempotencyHooks } from '../idempotency/hooks.ts';
import { IdempotencyStore } from '../idempotency/store.ts';
import { apiAccessDecisionManager } from '@sapien/authorization';
import { OrgRateLimitSettings, SqlRateLimiter } from '@sapien/rate-limit';
import { registerAuthorization } from '../auth/plugin.ts';
import type { ResolvePrincipal } from '../auth/authenticate.ts';
import { startHarness, type Harness, type HarnessOptions } from '../testing/harness.ts';
import { registerUserRoutes } from './routes.ts';

export type UserHarness = Harness &
  Readonly<{
    /** The users and sessions routes (the orgs routes stay on `app`). */
    users: FastifyInstance;
    /** Every route the users app registered, as fastify saw it. */
    routes: readonly RouteOptions[];
    secretBox: SecretBox;
    passwordHasher: ScryptPasswordHasher;
  }>;

/**
 * The shared harness (stores, projection runner, the API with its orgs routes) plus a second
 * fastify app built like `buildApi` with the users routes, until they are wired into `buildApi`.
 * The password hasher keeps N = 2^15 with p = 1, so the suites stay quick.
 */
export const startUserHarness = async (
  options: HarnessOptions & Readonly<{ resolvePrincipal?: ResolvePrincipal }> = {},
): Promise<UserHarness> => {
  const { resolvePrincipal, ...harnessOptions } = options;
  const harness = await startHarness({ ...harnessOptions, api: { ...harnessOptions.api, ...(resolvePrincipal ? { resolvePrincipal } : {}) } });
  const clock = new SystemClock();
  const secretBox = new AesGcmSecretBox(AesGcmSecretBox.generateKey());
  const passwordHasher = new ScryptPasswordHasher({ N: 2 ** 15, r: 8, p: 1 });
  const users = Fastify({
    logger: false,
    genReqId: correlationIdOf,
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators() } },
  });
  const routes: RouteOptions[] = [];
  users.addHook('onRoute', (route) => {
    routes.push(route);
  });
  registerProblemHandlers(users);
  for (const schema of SHARED_SCHEMAS) users.addSchema(schema);
  await registerOpenApi(users);
  if (resolvePrincipal) {
    registerAuthorization(users, {
      resolvePrincipal,
      decisionManager: apiAccessDecisionManager(),
      rateLimiter: new SqlRateLimiter({ store: harness.readModels }),
      settings: new OrgRateLimitSettings({ store: harness.readModels, clock }),
      clock,
    });
  }
  await registerUserRoutes(users, {
    eventStore: harness.eventStore,
    readModels: harness.readModels,
    clock,
    secretBox,
    passwordHasher,
    idempotency: idempotencyHooks(new IdempotencyStore(harness.readModels, clock, DEFAULT_API_SETTINGS)),
    minPosition: awaitMinPosition((position, timeoutMs) => harness.runner.waitForPosition(position, timeoutMs), 5_000),
  });
  await users.ready();
  return {
    ...harness,
    users,
    routes,
    secretBox,
    passwordHasher,
    async close() {
      await users.close();
      await harness.close();
    },
  };
};
