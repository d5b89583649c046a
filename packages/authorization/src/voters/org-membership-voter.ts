import { isPlatformAdmin, type Principal } from '../principal.ts';
import { isOrgSubject } from '../subjects.ts';
import type { Vote, Voter } from '../voter.ts';

/**
 * A subject of an org (`{ orgId }`) is only for tokens of that org, or platform admins. It votes on
 * every attribute, so no route about an org can be granted by scope alone; subjects without an org
 * are not its business. Its deny conceals the subject: another org's resource answers 404.
 */
export class OrgMembershipVoter implements Voter {
  readonly name = 'org-membership';
  readonly concealsSubject = true;

  vote(_attribute: string, subject: unknown, principal: Principal): Vote {
    if (!isOrgSubject(subject)) return 'abstain';
    if (isPlatformAdmin(principal)) return 'grant';
    return principal.orgId !== undefined && subject.orgId === principal.orgId ? 'grant' : 'deny';
  }
}
