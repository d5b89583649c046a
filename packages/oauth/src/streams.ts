/** One stream per token, code or refresh token, named by the SHA-256 (hex) of its value, never the value. */
export const tokenStreamId = (tokenHash: string): string => `oauthtoken-${tokenHash}`;

/** One stream per grant (a user's authorization of a client). A grant id is not a credential. */
export const grantStreamId = (grantId: string): string => `oauthgrant-${grantId}`;

/** One stream per OAuth client. */
export const clientStreamId = (clientId: string): string => `client-${clientId}`;
