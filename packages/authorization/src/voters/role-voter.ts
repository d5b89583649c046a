import { isPlatformAdmin, type Principal } from '../principal.ts';
import type { Vote, Voter } from '../voter.ts';

/** Attributes naming a role, as Symfony spells them. */
export const ROLE_PREFIX = 'ROLE_';

/** `ROLE_org-admin` for the role `org-admin`. */
export const roleAttribute = (role: string): string => `${ROLE_PREFIX}${role}`;

/**
 * A role attribute (`ROLE_org-admin`) needs that role on the token; a platform admin holds every
 * org role. Other attributes are not its business.
 */
export class RoleVoter implements Voter {
  readonly name = 'role';

  vote(attribute: string, _subject: unknown, principal: Principal): Vote {
    if (!attribute.startsWith(ROLE_PREFIX)) return 'abstain';
    const role = attribute.slice(ROLE_PREFIX.length);
    return (principal.roles as readonly string[]).includes(role) || isPlatformAdmin(principal) ? 'grant' : 'deny';
  }
}
