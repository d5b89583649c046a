import type { Clock } from '@sapien/kernel';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApiContainer } from './container.ts';
import type { ApiDependencies, ApiSettings, WaitForPosition } from './dependencies.ts';
import { HealthChecks } from './health/health-checks.ts';
import { registerHealthRoutes } from './health/routes.ts';
import { CORRELATION_HEADER_NAME, correlationIdOf } from './http/correlation.ts';
import { refuseRequestsWhileClosing } from './http/closing.ts';
import { registerProblemHandlers } from './http/error-handler.ts';
import { awaitMinPosition } from './http/min-position.ts';
import { registerOpenApi } from './http/openapi.ts';
import { SHARED_SCHEMAS } from './http/schemas.ts';
import { strictBodyValidators } from './http/validation.ts';
import { idempotencyHooks } from './idempotency/hooks.ts';
import { IdempotencyStore } from './idempotency/store.ts';
import { migrateApiTables } from './idempotency/table.ts';
import { OrganisationCommands } from './orgs/organisation-commands.ts';
import { OrganisationQueries } from './orgs/organisation-queries.ts';
import { registerOrgRoutes } from './orgs/routes.ts';
import { ORG_SCHEMAS } from './orgs/schemas.ts';
import { registerSystemRoutes } from './system/routes.ts';
import { TOKENS } from './tokens.ts';
import { apiAccessDecisionManager } from '@sapien/authorization';
import { OrgRateLimitSettings, createRateLimiter, migrateRateLimitTables } from '@sapien/rate-limit';
import { SqlSessionActivity } from '@sapien/users';
import { registerAuthorization } from './auth/plugin.ts';
import { registerOAuth } from './oauth/register.ts';
import { registerUserRoutes } from './users/routes.ts';

export type RegisteredRoute = Readonly<{ method: string; url: string; config: unknown }>;

const registeredRoutes = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route an app built by buildApi registered (HEAD included), as fastify announced them. */
export const routesOf = (app: FastifyInstance): readonly RegisteredRoute[] => registeredRoutes.get(app) ?? [];

/**
 * Builds the HTTP API (not yet listening): runs the API's migration, registers the routes with
 * their schemas, and maps every error to problem+json. Test with `app.inject`, serve with `startApi`.
 */
export const buildApi = async (deps: ApiDependencies): Promise<FastifyInstance> => {
  const container = createApiContainer(deps);
  const settings = container.get<ApiSettings>(TOKENS.Settings);
  await migrateApiTables(deps.readModels);
  await migrateRateLimitTables(deps.readModels);

  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: settings.bodyLimit,
    genReqId: correlationIdOf,
    // Requests arriving while closing get a problem+json 503 (http/closing.ts), not fastify's plain one.
    return503OnClosing: false,
    // Unknown body properties are errors that name the field, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    // Bodies are validated without type coercion; params, querystrings and headers keep it.
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators() } },
  });
  const routes: RegisteredRoute[] = [];
  registeredRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url, config: route.config });
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_HEADER_NAME, request.id);
  });
  registerProblemHandlers(app);
  refuseRequestsWhileClosing(app);
  for (const schema of [...SHARED_SCHEMAS, ...ORG_SCHEMAS]) app.addSchema(schema);
  await registerOpenApi(app);
  // Before any /v1 route: the plugin sees only routes registered after it.
  if (deps.resolvePrincipal) {
    registerAuthorization(app, {
      resolvePrincipal: deps.resolvePrincipal,
      decisionManager: apiAccessDecisionManager(),
      // PostgreSQL: shared by every instance; SQLite: counted in this process (packages/rate-limit README).
      rateLimiter: createRateLimiter(deps.readModels),
      settings: new OrgRateLimitSettings({ store: deps.readModels, clock: deps.clock }),
      clock: deps.clock,
      sessionActivity: new SqlSessionActivity(deps.readModels),
    });
  }

  registerSystemRoutes(app);
  registerHealthRoutes(app, container.get(HealthChecks));
  registerOrgRoutes(app, {
    commands: container.get(OrganisationCommands),
    queries: container.get(OrganisationQueries),
    clock: container.get<Clock>(TOKENS.Clock),
    idempotency: idempotencyHooks(container.get(IdempotencyStore)),
    minPosition: awaitMinPosition(container.get<WaitForPosition>(TOKENS.WaitForPosition), settings.minPositionTimeoutMs),
  });

  await registerUserRoutes(app, {
    eventStore: deps.eventStore,
    readModels: deps.readModels,
    clock: container.get<Clock>(TOKENS.Clock),
    secretBox: deps.secretBox,
    ...(deps.passwordHasher === undefined ? {} : { passwordHasher: deps.passwordHasher }),
    ...(deps.oauth === undefined ? {} : { revokeGrant: deps.oauth.revokeGrant }),
    idempotency: idempotencyHooks(container.get(IdempotencyStore)),
    minPosition: awaitMinPosition(container.get<WaitForPosition>(TOKENS.WaitForPosition), settings.minPositionTimeoutMs),
  });

  registerOAuth(app, deps);
  await app.ready();
  return app;
};
