import { SCOPES, isPlatformAdmin, type Principal, type Scope } from '../principal.ts';
import type { Vote, Voter } from '../voter.ts';

const isScope = (attribute: string): attribute is Scope => (SCOPES as readonly string[]).includes(attribute);

/** A scope attribute (`orgs:read`) needs that scope on the token, or `admin`; other attributes are not its business. */
export class ScopeVoter implements Voter {
  readonly name = 'scope';

  vote(attribute: string, _subject: unknown, principal: Principal): Vote {
    if (!isScope(attribute)) return 'abstain';
    return principal.scopes.includes(attribute) || isPlatformAdmin(principal) ? 'grant' : 'deny';
  }
}
