import { SCOPES, type Scope } from '@sapien/authorization';

const OIDC_SCOPES = new Set(['openid', 'offline_access']);

export type GrantDecision = Readonly<{ oidc: readonly string[]; granted: readonly Scope[]; rejected: readonly Scope[] }>;

/**
 * What a user's sign-in grants a client: the OIDC scopes asked for, and the API scopes asked for
 * that the client holds. `admin` is never granted to a user token (it is for platform clients);
 * asked-for scopes not granted are recorded as rejected so the provider does not ask again.
 */
export const decideGrant = (requested: string, clientScopes: readonly Scope[]): GrantDecision => {
  const asked = [...new Set(requested.split(' ').filter(Boolean))];
  const apiAsked = asked.filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope));
  const granted = apiAsked.filter((scope) => scope !== 'admin' && clientScopes.includes(scope));
  return {
    oidc: asked.filter((scope) => OIDC_SCOPES.has(scope)),
    granted,
    rejected: apiAsked.filter((scope) => !granted.includes(scope)),
  };
};
