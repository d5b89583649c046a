import type { ApiRateLimit } from '@sapien/organisations';
import type { Clock } from '@sapien/kernel';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { orgSubject } from '../auth/org-subject.ts';
import type { RouteAuthorization } from '../auth/route-authorization.ts';
import { commandContextOf, POSITION_HEADER_NAME } from '../http/command-context.ts';
import type { idempotencyHooks } from '../idempotency/hooks.ts';
import type { OrganisationCommands } from './organisation-commands.ts';
import type { OrganisationQueries } from './organisation-queries.ts';
import { changeApiRateLimitSchema, createOrganisationSchema, getOrganisationSchema, renameOrganisationSchema } from './schemas.ts';

export type OrgRouteDependencies = Readonly<{
  commands: OrganisationCommands;
  queries: OrganisationQueries;
  clock: Clock;
  idempotency: ReturnType<typeof idempotencyHooks>;
  minPosition: (request: FastifyRequest) => Promise<void>;
}>;

type OrgParams = { orgId: number };

/** Respond: a command's answer carries the position a reader can wait for. */
const withPosition = (reply: FastifyReply, position: number): FastifyReply => reply.header(POSITION_HEADER_NAME, String(position));

/**
 * What the voters decide for each route (auth/plugin.ts): creating an org and changing its rate
 * limit are for platform admins (a tenant must not raise its own limit).
 */
const AUTHORIZATION = {
  create: { attribute: ['orgs:write', 'admin'] },
  read: { attribute: 'orgs:read', subject: orgSubject },
  write: { attribute: 'orgs:write', subject: orgSubject },
  limit: { attribute: ['orgs:write', 'admin'], subject: orgSubject },
} as const satisfies Record<string, RouteAuthorization>;

/** POST/GET/PATCH /v1/orgs…, PUT /v1/orgs/{orgId}/api-rate-limit. */
export const registerOrgRoutes = (app: FastifyInstance, deps: OrgRouteDependencies): void => {
  const { commands, queries, clock, idempotency } = deps;
  const write = { preHandler: idempotency.claimKey, onSend: idempotency.rememberAnswer };

  app.post<{ Body: { name: string; orgId?: number; apiRateLimit?: ApiRateLimit } }>(
    '/v1/orgs',
    { schema: createOrganisationSchema, config: { authorization: AUTHORIZATION.create }, ...write },
    async (request, reply) => {
      const { orgId, position } = await commands.create(request.body, commandContextOf(request, clock));
      return withPosition(reply, position).code(201).header('location', `/v1/orgs/${orgId}`).send({ orgId });
    },
  );

  app.get<{ Params: OrgParams }>(
    '/v1/orgs/:orgId',
    { schema: getOrganisationSchema, config: { authorization: AUTHORIZATION.read }, preHandler: deps.minPosition },
    async (request) => queries.get(request.params.orgId),
  );

  app.patch<{ Params: OrgParams; Body: { name: string } }>(
    '/v1/orgs/:orgId',
    { schema: renameOrganisationSchema, config: { authorization: AUTHORIZATION.write }, ...write },
    async (request, reply) => {
      const { orgId } = request.params;
      const { position } = await commands.rename(orgId, request.body.name, commandContextOf(request, clock));
      return withPosition(reply, position).send({ orgId, name: request.body.name.trim() });
    },
  );

  app.put<{ Params: OrgParams; Body: ApiRateLimit }>(
    '/v1/orgs/:orgId/api-rate-limit',
    { schema: changeApiRateLimitSchema, config: { authorization: AUTHORIZATION.limit }, ...write },
    async (request, reply) => {
      const { orgId } = request.params;
      const { limit, windowSeconds } = request.body;
      const { position } = await commands.changeApiRateLimit(orgId, { limit, windowSeconds }, commandContextOf(request, clock));
      return withPosition(reply, position).send({ orgId, apiRateLimit: { limit, windowSeconds } });
    },
  );
};
