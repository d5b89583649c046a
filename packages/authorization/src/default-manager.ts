import { AccessDecisionManager } from './access-decision-manager.ts';
import { OrgMembershipVoter } from './voters/org-membership-voter.ts';
import { RoleVoter } from './voters/role-voter.ts';
import { ScopeVoter } from './voters/scope-voter.ts';

/**
 * The API's decision manager: org membership, scope and role, unanimous — every voter that has a
 * say must grant (with `affirmative` a scope grant would outvote another org's membership deny).
 */
export const apiAccessDecisionManager = (): AccessDecisionManager =>
  new AccessDecisionManager({
    voters: [new OrgMembershipVoter(), new ScopeVoter(), new RoleVoter()],
    strategy: 'unanimous',
    allowIfAllAbstain: false,
  });
