import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import type { ReadModelStore } from '@sapien/read-model-sql';
import type { PasswordHasher, SecretBox } from '@sapien/users';
import { ScryptPasswordHasher, TotpService, migrateSessionActivity } from '@sapien/users';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { POSITION_HEADER_NAME, commandContextOf } from '../http/command-context.ts';
import type { idempotencyHooks } from '../idempotency/hooks.ts';
import { orgSubject } from '../auth/org-subject.ts';
import type { RouteAuthorization } from '../auth/route-authorization.ts';
import type { CreateUserInput } from './create-user.ts';
import { withoutPasswordInFingerprint } from './redacted-fingerprint.ts';
import { SessionCommands, type RevokeGrant } from './session-commands.ts';
import { SessionQueries, type SessionFilter } from './session-queries.ts';
import {
  USER_SCHEMAS,
  createUserSchema,
  enrolTotpSchema,
  getUserSchema,
  listSessionsSchema,
  listUsersSchema,
  regenerateRecoveryCodesSchema,
  revokeSessionSchema,
  updateUserSchema,
  verifyTotpSchema,
} from './schemas.ts';
import { UserCommands, type UserPatch } from './user-commands.ts';
import { UserQueries, type PageRequest } from './user-queries.ts';

export type UserRouteDependencies = Readonly<{
  eventStore: EventStore;
  readModels: ReadModelStore;
  clock: Clock;
  /** Seals TOTP secrets (AES-256-GCM) before they reach an event; its key comes from configuration. */
  secretBox: SecretBox;
  idempotency: ReturnType<typeof idempotencyHooks>;
  minPosition: (request: FastifyRequest) => Promise<void>;
  /** Default: scrypt with N = 2^15, r = 8, p = 3. */
  passwordHasher?: PasswordHasher;
  /** The issuer an authenticator app shows. Default `Sapien`. */
  totpIssuer?: string;
  /** The OAuth server's `revokeGrant`: DELETE of a session also ends its login's tokens. Absent: only the session is marked. */
  revokeGrant?: RevokeGrant;
}>;

type OrgParams = { orgId: number };
type UserParams = { orgId: number; userId: string };
type SessionParams = { orgId: number; sessionId: string };

/** What the voters decide for each route (auth/plugin.ts): always within the org of the path. */
const AUTHORIZATION = {
  read: { attribute: 'users:read', subject: orgSubject },
  write: { attribute: 'users:write', subject: orgSubject },
} as const satisfies Record<string, RouteAuthorization>;

const withPosition = (reply: FastifyReply, position: number): FastifyReply => reply.header(POSITION_HEADER_NAME, String(position));

/** Answers holding secrets shown once must not be kept by any cache on the way. */
const noStore = (reply: FastifyReply): FastifyReply => reply.header('cache-control', 'no-store');

/**
 * Users and API sessions of an org (PRODUCT.md §4): POST/GET /v1/orgs/{orgId}/users,
 * GET/PATCH …/users/{userId}, POST …/users/{userId}/mfa/totp (enrol), …/mfa/totp/verify,
 * …/mfa/recovery-codes, GET /v1/orgs/{orgId}/sessions, DELETE …/sessions/{sessionId}.
 * Registers its shared schemas and creates `Org.SessionActivity` when missing.
 */
export const registerUserRoutes = async (app: FastifyInstance, deps: UserRouteDependencies): Promise<void> => {
  for (const schema of USER_SCHEMAS) if (app.getSchema(schema.$id) === undefined) app.addSchema(schema);
  await migrateSessionActivity(deps.readModels);

  const { clock, idempotency } = deps;
  const totp = new TotpService(deps.secretBox, deps.totpIssuer === undefined ? {} : { issuer: deps.totpIssuer });
  const users = new UserCommands({ eventStore: deps.eventStore, passwordHasher: deps.passwordHasher ?? new ScryptPasswordHasher(), totp });
  const userQueries = new UserQueries(deps.readModels);
  const sessions = new SessionCommands(deps.eventStore, deps.revokeGrant);
  const sessionQueries = new SessionQueries(deps.readModels);
  const write = { preHandler: idempotency.claimKey, onSend: idempotency.rememberAnswer };
  // A password must not reach the idempotency table, even inside a request fingerprint.
  const writeWithPassword = { preHandler: withoutPasswordInFingerprint(idempotency.claimKey), onSend: idempotency.rememberAnswer };
  const read = { preHandler: deps.minPosition };

  app.post<{ Params: OrgParams; Body: CreateUserInput }>(
    '/v1/orgs/:orgId/users',
    { schema: createUserSchema, config: { authorization: AUTHORIZATION.write }, ...writeWithPassword },
    async (request, reply) => {
      const { orgId } = request.params;
      const { userId, position } = await users.create(orgId, request.body, commandContextOf(request, clock));
      return withPosition(reply, position).code(201).header('location', `/v1/orgs/${orgId}/users/${userId}`).send({ userId });
    },
  );

  app.get<{ Params: OrgParams; Querystring: PageRequest }>(
    '/v1/orgs/:orgId/users',
    { schema: listUsersSchema, config: { authorization: AUTHORIZATION.read }, ...read },
    async (request) => userQueries.list(request.params.orgId, request.query),
  );

  app.get<{ Params: UserParams }>(
    '/v1/orgs/:orgId/users/:userId',
    { schema: getUserSchema, config: { authorization: AUTHORIZATION.read }, ...read },
    async (request) => userQueries.get(request.params.orgId, request.params.userId),
  );

  app.patch<{ Params: UserParams; Body: UserPatch }>(
    '/v1/orgs/:orgId/users/:userId',
    { schema: updateUserSchema, config: { authorization: AUTHORIZATION.write }, ...writeWithPassword },
    async (request, reply) => {
      const { orgId, userId } = request.params;
      const { profile, position } = await users.update(orgId, userId, request.body, commandContextOf(request, clock));
      return withPosition(reply, position).send(profile);
    },
  );

  // Enrolment and confirmation answer secrets: no Idempotency-Key replay, which would store them in clear.
  app.post<{ Params: UserParams }>(
    '/v1/orgs/:orgId/users/:userId/mfa/totp',
    { schema: enrolTotpSchema, config: { authorization: AUTHORIZATION.write } },
    async (request, reply) => {
      const { orgId, userId } = request.params;
      const { otpauthUri, secret, position } = await users.enrolTotp(orgId, userId, commandContextOf(request, clock));
      return noStore(withPosition(reply, position)).send({ otpauthUri, secret });
    },
  );

  app.post<{ Params: UserParams; Body: { code: string } }>(
    '/v1/orgs/:orgId/users/:userId/mfa/totp/verify',
    { schema: verifyTotpSchema, config: { authorization: AUTHORIZATION.write } },
    async (request, reply) => {
      const { orgId, userId } = request.params;
      const { recoveryCodes, position } = await users.confirmTotp(orgId, userId, request.body.code, commandContextOf(request, clock));
      return noStore(withPosition(reply, position)).send({ mfaEnabled: true, recoveryCodes });
    },
  );

  app.post<{ Params: UserParams }>(
    '/v1/orgs/:orgId/users/:userId/mfa/recovery-codes',
    { schema: regenerateRecoveryCodesSchema, config: { authorization: AUTHORIZATION.write } },
    async (request, reply) => {
      const { orgId, userId } = request.params;
      const { recoveryCodes, position } = await users.regenerateRecoveryCodes(orgId, userId, commandContextOf(request, clock));
      return noStore(withPosition(reply, position)).send({ recoveryCodes });
    },
  );

  app.get<{ Params: OrgParams; Querystring: SessionFilter }>(
    '/v1/orgs/:orgId/sessions',
    { schema: listSessionsSchema, config: { authorization: AUTHORIZATION.read }, ...read },
    async (request) => sessionQueries.list(request.params.orgId, request.query),
  );

  app.delete<{ Params: SessionParams }>(
    '/v1/orgs/:orgId/sessions/:sessionId',
    { schema: revokeSessionSchema, config: { authorization: AUTHORIZATION.write }, ...write },
    async (request, reply) => {
      const { orgId, sessionId } = request.params;
      const { position } = await sessions.revoke(orgId, sessionId, commandContextOf(request, clock));
      return withPosition(reply, position).code(204).send();
    },
  );
};
