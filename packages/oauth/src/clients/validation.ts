import { SCOPES, type Scope } from '@sapien/authorization';
import { ValidationError } from '@sapien/kernel';
import { GRANT_TYPES, type GrantType } from './events.ts';

const CLIENT_ID = /^[A-Za-z0-9._~-]{3,64}$/u;
const MAX_NAME = 200;
const MAX_REDIRECT_URIS = 10;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const validateClientId = (clientId: string): string => {
  if (!CLIENT_ID.test(clientId)) {
    throw new ValidationError('clientId must be 3 to 64 letters, digits or . _ ~ -', 'clientId');
  }
  return clientId;
};

export const validateClientName = (name: string): string => {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_NAME) throw new ValidationError(`name must be 1 to ${MAX_NAME} characters`, 'name');
  return trimmed;
};

const unique = <T>(values: readonly T[], field: string): readonly T[] => {
  if (new Set(values).size !== values.length) throw new ValidationError(`${field} must not repeat a value`, field);
  return values;
};

export const validateGrantTypes = (grantTypes: readonly string[]): readonly GrantType[] => {
  if (grantTypes.length === 0) throw new ValidationError('grantTypes must name at least one grant type', 'grantTypes');
  for (const grantType of grantTypes) {
    if (!(GRANT_TYPES as readonly string[]).includes(grantType)) {
      throw new ValidationError(`grantTypes: ${grantType} is not one of ${GRANT_TYPES.join(', ')}`, 'grantTypes');
    }
  }
  if (grantTypes.includes('refresh_token') && !grantTypes.includes('authorization_code')) {
    throw new ValidationError('grantTypes: refresh_token needs authorization_code', 'grantTypes');
  }
  return unique(grantTypes as readonly GrantType[], 'grantTypes');
};

/** Redirect URIs: absolute, no fragment, https (plain http only to this machine, for development). */
export const validateRedirectUris = (uris: readonly string[], grantTypes: readonly GrantType[]): readonly string[] => {
  const needsThem = grantTypes.includes('authorization_code');
  if (needsThem && uris.length === 0) throw new ValidationError('redirectUris: authorization_code needs at least one', 'redirectUris');
  if (!needsThem && uris.length > 0) throw new ValidationError('redirectUris are only for authorization_code clients', 'redirectUris');
  if (uris.length > MAX_REDIRECT_URIS) throw new ValidationError(`redirectUris: at most ${MAX_REDIRECT_URIS}`, 'redirectUris');
  for (const uri of uris) {
    const url = URL.parse(uri);
    const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    if (!url || !secure || url.hash !== '' || uri.includes('#')) {
      throw new ValidationError(`redirectUris: ${uri} must be an absolute https URL without a fragment (http only for localhost)`, 'redirectUris');
    }
  }
  return unique(uris, 'redirectUris');
};

/** Known scopes, at least one; `admin` only for a platform client (no org). */
export const validateScopes = (scopes: readonly string[], orgId: number | undefined): readonly Scope[] => {
  if (scopes.length === 0) throw new ValidationError('scopes must name at least one scope', 'scopes');
  for (const scope of scopes) {
    if (!(SCOPES as readonly string[]).includes(scope)) throw new ValidationError(`scopes: ${scope} is not a Sapien scope`, 'scopes');
  }
  if (orgId !== undefined && scopes.includes('admin')) {
    throw new ValidationError('scopes: admin is only for platform clients, not for a client of an org', 'scopes');
  }
  return unique(scopes as readonly Scope[], 'scopes');
};

export const validateClientOrgId = (orgId: number | undefined): number | undefined => {
  if (orgId === undefined) return undefined;
  if (!Number.isSafeInteger(orgId) || orgId < 1) throw new ValidationError('orgId must be a positive integer', 'orgId');
  return orgId;
};

export type ClientRegistrationInput = Readonly<{
  clientId: string;
  orgId?: number;
  name: string;
  grantTypes: readonly string[];
  redirectUris: readonly string[];
  scopes: readonly string[];
}>;

export type ValidClientRegistration = Readonly<{
  clientId: string;
  orgId: number | undefined;
  name: string;
  grantTypes: readonly GrantType[];
  redirectUris: readonly string[];
  scopes: readonly Scope[];
}>;

/** Every rule of a registration, in the order a caller fixes them; returns the normalised form. */
export const validateRegistration = (input: ClientRegistrationInput): ValidClientRegistration => {
  const clientId = validateClientId(input.clientId);
  const orgId = validateClientOrgId(input.orgId);
  const name = validateClientName(input.name);
  const grantTypes = validateGrantTypes(input.grantTypes);
  const redirectUris = validateRedirectUris(input.redirectUris, grantTypes);
  const scopes = validateScopes(input.scopes, orgId);
  return { clientId, orgId, name, grantTypes, redirectUris, scopes };
};
