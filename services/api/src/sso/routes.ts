import { roleAttribute } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import { NotFoundError } from '@sapien/kernel';
import { ssoRedirectUriOf, type OAuthServer, type SsoConfiguration } from '@sapien/oauth';
import { orgStreamId } from '@sapien/organisations';
import type { FastifyInstance } from 'fastify';
import { orgSubject } from '../auth/org-subject.ts';
import type { RouteAuthorization } from '../auth/route-authorization.ts';
import { POSITION_HEADER_NAME, actorOf } from '../http/command-context.ts';
import { configureSsoSchema, getSsoSchema, removeSsoSchema } from './schemas.ts';

export type SsoRouteDependencies = Readonly<{ oauth: OAuthServer; eventStore: EventStore }>;

type OrgParams = { orgId: number };
type SsoBody = Readonly<{ issuer: string; clientId: string; clientSecret: string }>;

/** Who may see and change an org's SSO: its org admins (with the scope), and platform admins. */
const AUTHORIZATION = {
  read: { attribute: ['orgs:read', roleAttribute('org-admin')], subject: orgSubject },
  write: { attribute: ['orgs:write', roleAttribute('org-admin')], subject: orgSubject },
} as const satisfies Record<string, RouteAuthorization>;

/** PUT/GET/DELETE /v1/orgs/{orgId}/sso: the org's external OpenID Connect provider. */
export const registerSsoRoutes = (app: FastifyInstance, deps: SsoRouteDependencies): void => {
  const { oauth } = deps;
  const redirectUri = ssoRedirectUriOf(oauth.provider.issuer);
  const view = (configuration: SsoConfiguration) => ({ ...configuration, redirectUri });
  const requireOrg = async (orgId: number): Promise<void> => {
    if ((await deps.eventStore.streamRevision(orgStreamId(orgId))) === 'no_stream') throw new NotFoundError('organisation', orgId);
  };

  app.put<{ Params: OrgParams; Body: SsoBody }>(
    '/v1/orgs/:orgId/sso',
    { schema: configureSsoSchema, config: { authorization: AUTHORIZATION.write } },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireOrg(orgId);
      const { configuration, position } = await oauth.sso.configure(orgId, request.body, { actor: actorOf(request), correlationId: request.id });
      return reply.header(POSITION_HEADER_NAME, String(position)).header('cache-control', 'no-store').send(view(configuration));
    },
  );

  app.get<{ Params: OrgParams }>('/v1/orgs/:orgId/sso', { schema: getSsoSchema, config: { authorization: AUTHORIZATION.read } }, async (request) => {
    const configuration = await oauth.sso.find(request.params.orgId);
    if (!configuration) throw new NotFoundError('single sign-on of organisation', request.params.orgId);
    return view(configuration);
  });

  app.delete<{ Params: OrgParams }>(
    '/v1/orgs/:orgId/sso',
    { schema: removeSsoSchema, config: { authorization: AUTHORIZATION.write } },
    async (request, reply) => {
      const { orgId } = request.params;
      await requireOrg(orgId);
      const { position } = await oauth.sso.remove(orgId, { actor: actorOf(request), correlationId: request.id });
      return reply.header(POSITION_HEADER_NAME, String(position)).code(204).send();
    },
  );
};
