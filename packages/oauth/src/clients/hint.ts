/**
 * How to get a first token, for npm start's banner and the CLI: a client_credentials request with
 * form-encoded credentials (safe for any character of a chosen secret).
 */
export const firstTokenHint = (issuer: string, clientId = '<client id>'): string =>
  [
    `curl ${new URL('/oauth/token', issuer).href} \\`,
    `  --data-urlencode client_id='${clientId}' --data-urlencode client_secret='<its secret>' \\`,
    `  -d grant_type=client_credentials -d scope=admin`,
  ].join('\n');
