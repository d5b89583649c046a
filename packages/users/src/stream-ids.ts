/** The stream of one user. */
export const userStreamId = (userId: string): string => `user-${userId}`;

/**
 * The login registry of one org: makes login names unique per org. It shares the `user` category
 * with the user streams, as `org-registry` shares `org`.
 */
export const loginRegistryStreamId = (orgId: number): string => `user-logins-${orgId}`;

/** The stream of one API session. */
export const sessionStreamId = (sessionId: string): string => `session-${sessionId}`;
