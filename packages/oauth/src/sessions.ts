/** A user's sign-in that created a grant: the grant id is the API session's id. */
export type SignInSession = Readonly<{ sessionId: string; userId: string; clientId: string }>;

/**
 * Where the login interaction starts the API session of each new grant (packages/users'
 * UserSessions implements it). One grant, one session: revoking the session revokes the grant and
 * with it every token of that sign-in. A failure fails the sign-in, so no token is ever issued
 * under a grant without a session.
 */
export interface SignInSessions {
  start(session: SignInSession): Promise<unknown>;
}
