import { ROLES, SCOPES, type Principal, type Role, type Scope } from '@sapien/authorization';
import type { EventStore } from '@sapien/event-store';
import type { Clock } from '@sapien/kernel';
import { epochMicrosOf } from '@sapien/kernel';
import type { GrantLedger } from './adapter/grant-ledger.ts';
import { loadTokenByHash } from './adapter/token-store.ts';
import { sha256Hex } from './hashing.ts';
import type { PrincipalCache } from './principal-cache.ts';

const isScope = (value: unknown): value is Scope => typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export type ResolvePrincipalDependencies = Readonly<{
  eventStore: EventStore;
  grants: GrantLedger;
  clock: Clock;
  /** Live principals kept for PRINCIPAL_CACHE_MS (principal-cache.ts). Absent: the store is read every time. */
  cache?: PrincipalCache;
}>;

/**
 * The principal behind a bearer token, read from the event store (the token's stream, then its
 * grant's) — or, within PRINCIPAL_CACHE_MS of such a read on this instance, from the cache; a
 * revocation through this instance evicts at once, one through another is seen within that time.
 * Undefined for anything but a live access token: unknown, expired, revoked, under a revoked grant,
 * or a refresh token or code (never cached). `tokenId` is the token's SHA-256 (its stored name),
 * never the token.
 */
export const resolvePrincipal = async (deps: ResolvePrincipalDependencies, token: string): Promise<Principal | undefined> => {
  if (token.length === 0 || token.length > 512) return undefined;
  const tokenHash = sha256Hex(token);
  const cached = deps.cache?.get(tokenHash);
  if (cached !== undefined) return cached;
  const mark = deps.cache?.mark();
  const nowMicros = epochMicrosOf(deps.clock.now());
  const nowSeconds = Number(nowMicros / 1_000_000n);

  const { state } = await loadTokenByHash(deps.eventStore, tokenHash);
  if (state.status !== 'issued' || (state.model !== 'AccessToken' && state.model !== 'ClientCredentials')) return undefined;
  const { payload } = state;
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
  const principal: Principal = {
    kind: userId === undefined ? 'client' : 'user',
    clientId,
    orgId,
    scopes,
    roles: Array.isArray(extra.roles) ? extra.roles.filter(isRole) : [],
    ...(userId === undefined ? {} : { userId }),
    ...(grantId === undefined ? {} : { sessionId: grantId }),
    tokenId: tokenHash,
  };
  if (mark !== undefined) deps.cache?.remember(tokenHash, principal, { grantId, secondsLeft: payload.exp - Number(nowMicros) / 1e6 }, mark);
  return principal;
};
