import type { Principal } from './principal.ts';

export type Vote = 'grant' | 'deny' | 'abstain';

/**
 * A voter: looks at (attribute, subject, token) and grants, denies, or abstains when the question
 * is not its business. Attributes are what a route declares, e.g. `orgs:read`; the subject is what
 * it is about, e.g. `{ orgId: 42 }`.
 */
export interface Voter {
  readonly name: string;
  /**
   * True when this voter's deny means "not yours to know about": the caller then gets 404, as for
   * something that does not exist, instead of 403 (no existence leak). Org membership is such a voter.
   */
  readonly concealsSubject?: boolean;
  vote(attribute: string, subject: unknown, principal: Principal): Vote;
}
