import { SCOPES, type Principal, type Scope } from '@sapien/authorization';
import type { ResolvePrincipal } from '../authenticate.ts';

const ORG_SCOPES: readonly Scope[] = SCOPES.filter((scope) => scope !== 'admin');

const orgClient = (orgId: number, scopes: readonly Scope[] = ORG_SCOPES): Principal => ({
  kind: 'client',
  clientId: `client-of-${orgId}`,
  orgId,
  scopes,
  roles: [],
});

/** Test tokens and who they stand for: the port `resolvePrincipal` as a table, for tests. */
export const TEST_TOKENS: Readonly<Record<string, Principal>> = {
  'platform-admin': { kind: 'client', clientId: 'platform', orgId: undefined, scopes: ['admin'], roles: [] },
  'org-1': orgClient(1),
  'org-2': orgClient(2),
  'org-1-read-only': orgClient(1, ['orgs:read']),
  'org-3': orgClient(3),
};

export const resolveTestPrincipal: ResolvePrincipal = async (token) => TEST_TOKENS[token];

/** The Authorization header of a test token. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
