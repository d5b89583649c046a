import type { EventStore } from '@sapien/event-store';
import { openSqlEventStore } from '@sapien/event-store-sql';
import type { Clock } from '@sapien/kernel';
import { SystemClock } from '@sapien/kernel';
import { InProcessMessageBus } from '@sapien/message-bus';
import { ProjectionRunner, type RuntimeLogger } from '@sapien/projection-runtime';
import { allProjections } from '@sapien/projections';
import { OrgRateLimitSettings, SqlRateLimiter, migrateRateLimitTables } from '@sapien/rate-limit';
import { apiAccessDecisionManager } from '@sapien/authorization';
import { openReadModelStore, type ReadModelStore } from '@sapien/read-model-sql';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApiContainer } from '../../container.ts';
import type { ApiSettings, WaitForPosition } from '../../dependencies.ts';
import { HealthChecks } from '../../health/health-checks.ts';
import { registerHealthRoutes } from '../../health/routes.ts';
import { CORRELATION_HEADER_NAME, correlationIdOf } from '../../http/correlation.ts';
import { refuseRequestsWhileClosing } from '../../http/closing.ts';
import { registerProblemHandlers } from '../../http/error-handler.ts';
import { awaitMinPosition } from '../../http/min-position.ts';
import { registerOpenApi } from '../../http/openapi.ts';
import { SHARED_SCHEMAS } from '../../http/schemas.ts';
import { strictBodyValidators } from '../../http/validation.ts';
import { idempotencyHooks } from '../../idempotency/hooks.ts';
import { IdempotencyStore } from '../../idempotency/store.ts';
import { migrateApiTables } from '../../idempotency/table.ts';
import { OrganisationCommands } from '../../orgs/organisation-commands.ts';
import { OrganisationQueries } from '../../orgs/organisation-queries.ts';
import { registerOrgRoutes } from '../../orgs/routes.ts';
import { ORG_SCHEMAS } from '../../orgs/schemas.ts';
import { registerSystemRoutes } from '../../system/routes.ts';
import { TOKENS } from '../../tokens.ts';
import { registerAuthorization } from '../plugin.ts';
import { resolveTestPrincipal } from './test-principals.ts';

export type RegisteredRoute = Readonly<{ method: string; url: string }>;

export type AuthorizedApi = Readonly<{
  app: FastifyInstance;
  /** Every route the app registered, as fastify announced them (HEAD included). */
  routes: readonly RegisteredRoute[];
  eventStore: EventStore;
  readModels: ReadModelStore;
  runner: ProjectionRunner;
  close(): Promise<void>;
}>;

const quiet: RuntimeLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The API as buildApi assembles it (same routes, hooks and error mapping) with registerAuthorization
 * in front of the routes, on SQLite in memory with the projections running. Stands in for
 * buildApi until app.ts wires the plugin; then `startHarness` with the plugin replaces it.
 */
export const startAuthorizedApi = async (): Promise<AuthorizedApi> => {
  const eventStore = await openSqlEventStore('sqlite::memory:');
  const readModels = await openReadModelStore('sqlite::memory:');
  const bus = new InProcessMessageBus();
  const runner = new ProjectionRunner({ eventStore, store: readModels, projections: allProjections, logger: quiet });
  await runner.start();
  const clock = new SystemClock();
  const container = createApiContainer({
    eventStore,
    readModels,
    bus,
    clock,
    waitForPosition: (position, timeoutMs) => runner.waitForPosition(position, timeoutMs),
  });
  const settings = container.get<ApiSettings>(TOKENS.Settings);
  await migrateApiTables(readModels);
  await migrateRateLimitTables(readModels);

  const app = Fastify({
    logger: false,
    bodyLimit: settings.bodyLimit,
    genReqId: correlationIdOf,
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: { buildValidator: strictBodyValidators() } },
  });
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url });
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(CORRELATION_HEADER_NAME, request.id);
  });
  registerProblemHandlers(app);
  refuseRequestsWhileClosing(app);
  for (const schema of [...SHARED_SCHEMAS, ...ORG_SCHEMAS]) app.addSchema(schema);
  await registerOpenApi(app);
  registerAuthorization(app, {
    resolvePrincipal: resolveTestPrincipal,
    decisionManager: apiAccessDecisionManager(),
    rateLimiter: new SqlRateLimiter({ store: readModels }),
    settings: new OrgRateLimitSettings({ store: readModels, clock }),
    clock,
  });

  registerSystemRoutes(app);
  registerHealthRoutes(app, container.get(HealthChecks));
  registerOrgRoutes(app, {
    commands: container.get(OrganisationCommands),
    queries: container.get(OrganisationQueries),
    clock: container.get<Clock>(TOKENS.Clock),
    idempotency: idempotencyHooks(container.get(IdempotencyStore)),
    minPosition: awaitMinPosition(container.get<WaitForPosition>(TOKENS.WaitForPosition), settings.minPositionTimeoutMs),
  });
  await app.ready();

  return {
    app,
    routes,
    eventStore,
    readModels,
    runner,
    async close() {
      await app.close();
      await runner.stop();
      await bus.close();
      await readModels.close();
      await eventStore.close();
    },
  };
};
