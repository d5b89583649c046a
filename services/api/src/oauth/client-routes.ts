import { createHash } from 'node:crypto';
import { roleAttribute, type Principal } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import { NotFoundError } from '@sapien/kernel';
import type { OAuthServer } from '@sapien/oauth';
import { orgStreamId } from '@sapien/organisations';
import type { FastifyInstance } from 'fastify';
import { orgSubject } from '../auth/org-subject.ts';
import { POSITION_HEADER_NAME } from '../http/command-context.ts';
import { IDEMPOTENCY_KEY_HEADER_NAME } from '../idempotency/hooks.ts';
import { registrarOf, requireOwnScopes } from './registrar.ts';
import { registerClientSchema } from './schemas.ts';

export type ClientRouteDependencies = Readonly<{ oauth: OAuthServer; eventStore: EventStore }>;

type RegisterClientBody = Readonly<{ name: string; grantTypes: string[]; redirectUris?: string[]; scopes: string[] }>;

/**
 * With Idempotency-Key the client id is derived from the org, the caller and the key, so a retry
 * lands on the same stream and is refused there instead of registering a second client.
 */
const idempotentClientId = (orgId: number, registrar: Principal, key: string): string =>
  `c-${createHash('sha256').update(`${orgId}\n${registrar.clientId}\n${registrar.userId ?? ''}\n${key}`).digest('base64url').slice(0, 32)}`;

/** POST /v1/orgs/{orgId}/clients. */
export const registerClientRoutes = (app: FastifyInstance, deps: ClientRouteDependencies): void => {
  app.post<{ Params: { orgId: number }; Body: RegisterClientBody }>(
    '/v1/orgs/:orgId/clients',
    {
      schema: registerClientSchema,
      config: { authorization: { attribute: ['orgs:write', roleAttribute('org-admin')], subject: orgSubject } },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      const registrar = registrarOf(request);
      requireOwnScopes(registrar, request.body.scopes);
      if ((await deps.eventStore.streamRevision(orgStreamId(orgId))) === 'no_stream') throw new NotFoundError('organisation', orgId);
      const key = request.headers[IDEMPOTENCY_KEY_HEADER_NAME];
      const registered = await deps.oauth.clients.register(
        {
          orgId,
          name: request.body.name,
          grantTypes: request.body.grantTypes,
          redirectUris: request.body.redirectUris ?? [],
          scopes: request.body.scopes,
          ...(typeof key === 'string' ? { clientId: idempotentClientId(orgId, registrar, key) } : {}),
        },
        {
          actor: registrar.userId === undefined ? { kind: 'client', id: registrar.clientId } : { kind: 'user', id: registrar.userId },
          correlationId: request.id,
        },
      );
      return reply
        .code(201)
        .header(POSITION_HEADER_NAME, String(registered.position))
        .header('cache-control', 'no-store')
        .send({ clientId: registered.clientId, clientSecret: registered.clientSecret });
    },
  );
};
