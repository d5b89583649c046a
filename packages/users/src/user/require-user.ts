import { NotFoundError } from '@sapien/kernel';
import { validateOrgId } from '@sapien/organisations';
import { validateUuid } from '../validation.ts';
import type { ActiveUser, UserState } from './state.ts';

/**
 * Every command but creation needs the user, in the org named: a user of another org is not found
 * (never a conflict or a denial), so nothing tells one org that another's user exists.
 */
export const requireUser = (state: UserState, data: Readonly<{ userId: unknown; orgId: unknown }>): ActiveUser => {
  const userId = validateUuid(data.userId, 'userId');
  const orgId = validateOrgId(data.orgId);
  switch (state.status) {
    case 'active':
      if (state.userId !== userId || state.orgId !== orgId) throw new NotFoundError('user', userId);
      return state;
    case 'absent':
      throw new NotFoundError('user', userId);
    default: {
      const _never: never = state;
      throw new Error('unknown user status');
    }
  }
};
