/** The platform-admin client every end-to-end run registers through the bootstrap variables. */
export const BOOTSTRAP = { id: 'e2e-admin', secret: 'e2e-admin-secret-0123456789abcdef' } as const;

export const bootstrapEnv = (): Record<string, string> => ({
  SAPIEN_BOOTSTRAP_CLIENT_ID: BOOTSTRAP.id,
  SAPIEN_BOOTSTRAP_CLIENT_SECRET: BOOTSTRAP.secret,
});

/** A client_credentials token from a running Sapien, as any OAuth client would get it. */
export const clientCredentialsToken = async (api: string, scope = 'admin', client: { id: string; secret: string } = BOOTSTRAP): Promise<string> => {
  const response = await fetch(`${api}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.id, client_secret: client.secret, scope }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || body.access_token === undefined) throw new Error(`no token from ${api}: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
};
