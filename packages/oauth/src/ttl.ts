/** Lifetimes in seconds. Access tokens are short because they are bearer tokens; codes shorter still. */
export type OAuthTtl = Readonly<{
  accessToken: number;
  refreshToken: number;
  authorizationCode: number;
  /** How long a user's authorization of a client lasts before they must sign in again. */
  grant: number;
  session: number;
  interaction: number;
  idToken: number;
}>;

export const DEFAULT_TTL: OAuthTtl = {
  accessToken: 10 * 60,
  refreshToken: 24 * 60 * 60,
  authorizationCode: 60,
  grant: 30 * 24 * 60 * 60,
  session: 24 * 60 * 60,
  interaction: 10 * 60,
  idToken: 10 * 60,
};
