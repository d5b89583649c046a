/**
 * A subject that belongs to one org: the org itself or anything inside it. `orgId` is the id as the
 * request named it — a number when it is one; anything else (a malformed path id) matches no token.
 */
export type OrgSubject = Readonly<{ orgId: number | string }>;

export const isOrgSubject = (subject: unknown): subject is OrgSubject =>
  typeof subject === 'object' &&
  subject !== null &&
  'orgId' in subject &&
  (typeof subject.orgId === 'number' || typeof subject.orgId === 'string');
