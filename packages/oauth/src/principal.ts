import { ROLES, SCOPES, type Principal, type Role, type Scope } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import { epochMicrosOf } from '@sapien/kernel';
import type { GrantLedger } from './adapter/grant-ledger.ts';
import { loadToken } from './adapter/token-store.ts';

const isScope = (value: unknown): value is Scope => typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * The principal behind a bearer token, read from the event store on every call (no cache, so a
 * revocation on any instance counts on the next request). Undefined for anything but a live
 * access token: unknown, expired, revoked, under a revoked grant, or a refresh token or code.
 * `tokenId` is the token's SHA-256 (its stored name), never the token.
 */
export const resolvePrincipal = async (
  deps: Readonly<{ eventStore: EventStore; grants: GrantLedger; clock: Clock }>,
  token: string,
): Promise<Principal | undefined> => {
  if (token.length === 0 || token.length > 512) return undefined;
  const { tokenHash, state } = await loadToken(deps.eventStore, token);
  if (state.status !== 'issued' || (state.model !== 'AccessToken' && state.model !== 'ClientCredentials')) return undefined;
  const { payload } = state;
  const nowSeconds = Number(epochMicrosOf(deps.clock.now()) / 1_000_000n);
  if (typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return undefined;
  const grantId = typeof payload.grantId === 'string' ? payload.grantId : undefined;
  if (grantId !== undefined && (await deps.grants.isRevoked(grantId))) return undefined;
  const clientId = typeof payload.clientId === 'string' ? payload.clientId : undefined;
  if (clientId === undefined) return undefined;

  const extra = typeof payload.extra === 'object' && payload.extra !== null ? (payload.extra as Readonly<Record<string, unknown>>) : {};
  const orgId = typeof extra.org_id === 'number' ? extra.org_id : undefined;
  const scopes = (typeof payload.scope === 'string' ? payload.scope.split(' ') : []).filter(isScope);
  const userId = typeof payload.accountId === 'string' ? payload.accountId : undefined;
  if (userId !== undefined && orgId === undefined) return undefined; // a user always belongs to an org
  return {
    kind: userId === undefined ? 'client' : 'user',
    clientId,
    orgId,
    scopes,
    roles: Array.isArray(extra.roles) ? extra.roles.filter(isRole) : [],
    ...(userId === undefined ? {} : { userId }),
    ...(grantId === undefined ? {} : { sessionId: grantId }),
    tokenId: tokenHash,
  };
};
