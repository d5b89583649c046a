/** The scopes of Sapien's OAuth server (PRODUCT.md §4). `admin` is platform-wide. */
export const SCOPES = [
  'orgs:read',
  'orgs:write',
  'people:read',
  'people:write',
  'users:read',
  'users:write',
  'recordings:read',
  'recordings:write',
  'archiving:write',
  'legal-holds:write',
  'audit:read',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** The roles a user of an org can hold. */
export const ROLES = ['org-admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as the bearer token says: a client (client_credentials) or a user (authorization
 * code) acting through a client. A token belongs to one org unless it carries `admin`.
 */
export type Principal = Readonly<{
  kind: 'client' | 'user';
  clientId: string;
  /** The org the token belongs to; undefined only for platform-admin tokens. */
  orgId: number | undefined;
  scopes: readonly Scope[];
  /** Set for user tokens. */
  userId?: string;
  roles: readonly Role[];
  /** The login session behind a user token. */
  sessionId?: string;
  /** The token's own id (jti), for audit and revocation. */
  tokenId?: string;
}>;

export const isPlatformAdmin = (principal: Principal): boolean => principal.scopes.includes('admin');
