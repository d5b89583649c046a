import type { ClientMetadata } from 'oidc-provider';
import type { ClientState } from './decider.ts';

/** Client metadata property holding the client's org (absent for platform clients). */
export const ORG_ID_METADATA = 'org_id';

/**
 * Client metadata property holding the client's Sapien scopes. oidc-provider's own `scope` may
 * only hold the OIDC scopes it serves; the API scopes belong to the resource server (the API).
 */
export const API_SCOPES_METADATA = 'sapien_scopes';

/**
 * The metadata oidc-provider builds its Client from. `client_secret` holds the verifier, not the
 * secret: the provider's compareClientSecret is replaced to check a presented secret against it.
 */
export const clientMetadataOf = (state: Extract<ClientState, { status: 'registered' }>): ClientMetadata => {
  const interactive = state.grantTypes.includes('authorization_code');
  return {
    client_id: state.clientId,
    client_secret: state.secretVerifier,
    client_name: state.name,
    grant_types: [...state.grantTypes],
    redirect_uris: [...state.redirectUris],
    response_types: interactive ? ['code'] : [],
    scope: 'openid offline_access',
    [API_SCOPES_METADATA]: state.scopes.join(' '),
    token_endpoint_auth_method: 'client_secret_basic',
    ...(state.orgId === undefined ? {} : { [ORG_ID_METADATA]: state.orgId }),
  };
};
