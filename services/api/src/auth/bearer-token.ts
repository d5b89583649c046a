/** RFC 6750 §2.1: `Bearer <b64token>`, the scheme case-insensitive. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/iu;
const SCHEME = /^Bearer(?: |$)/iu;

export type BearerToken =
  | Readonly<{ kind: 'none' }>
  | Readonly<{ kind: 'malformed' }>
  | Readonly<{ kind: 'token'; token: string }>;

/** The token of an Authorization header; another scheme (Basic…) counts as no token at all. */
export const bearerTokenOf = (header: string | undefined): BearerToken => {
  if (header === undefined || !SCHEME.test(header)) return { kind: 'none' };
  const match = BEARER.exec(header);
  return match?.[1] === undefined ? { kind: 'malformed' } : { kind: 'token', token: match[1] };
};

/** RFC 6750 §3: the challenge, with an error code when a token was sent but will not do. */
export const bearerChallenge = (realm: string, error?: 'invalid_token' | 'insufficient_scope', scope?: string): string => {
  const parts = [`realm="${realm}"`];
  if (error !== undefined) parts.push(`error="${error}"`);
  if (scope !== undefined) parts.push(`scope="${scope}"`);
  return `Bearer ${parts.join(', ')}`;
};
