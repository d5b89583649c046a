import { ConflictError, NotFoundError } from '@sapien/kernel';
import type { ChangeOrgApiRateLimit, CreateOrganisation, OrganisationCommand, RenameOrganisation } from './commands.ts';
import type { OrganisationEvent } from './events.ts';
import { DEFAULT_API_RATE_LIMIT } from './rate-limit.ts';
import type { OrganisationState } from './state.ts';
import { validateOrgId, validateOrgName, validateRateLimit } from './validation.ts';

type ActiveOrganisation = Extract<OrganisationState, { status: 'active' }>;

/** The org must exist for every command but its creation; a missing one is not found, never a conflict. */
const requireActive = (state: OrganisationState, orgId: number): ActiveOrganisation => {
  switch (state.status) {
    case 'active':
      return state;
    case 'absent':
      throw new NotFoundError('organisation', orgId);
    default: {
      const _never: never = state;
      throw new Error('unknown organisation status');
    }
  }
};

const create = ({ data }: CreateOrganisation, state: OrganisationState): OrganisationEvent[] => {
  const orgId = validateOrgId(data.orgId);
  const name = validateOrgName(data.name);
  const apiRateLimit = data.apiRateLimit ?? DEFAULT_API_RATE_LIMIT;
  validateRateLimit(apiRateLimit.limit, apiRateLimit.windowSeconds, 'apiRateLimit.');
  switch (state.status) {
    case 'absent':
      return [
        {
          type: 'OrganisationCreated',
          data: { orgId, name, apiRateLimit: { limit: apiRateLimit.limit, windowSeconds: apiRateLimit.windowSeconds } },
        },
      ];
    case 'active':
      throw new ConflictError('organisation-exists', `organisation ${orgId} already exists`, { orgId });
    default: {
      const _never: never = state;
      throw new Error('unknown organisation status');
    }
  }
};

const rename = ({ data }: RenameOrganisation, state: OrganisationState): OrganisationEvent[] => {
  const orgId = validateOrgId(data.orgId);
  const name = validateOrgName(data.name);
  const org = requireActive(state, orgId);
  if (org.name === name) return [];
  return [{ type: 'OrganisationRenamed', data: { orgId, name, previousName: org.name } }];
};

const changeRateLimit = ({ data }: ChangeOrgApiRateLimit, state: OrganisationState): OrganisationEvent[] => {
  const orgId = validateOrgId(data.orgId);
  validateRateLimit(data.limit, data.windowSeconds);
  const org = requireActive(state, orgId);
  if (org.apiRateLimit.limit === data.limit && org.apiRateLimit.windowSeconds === data.windowSeconds) return [];
  return [{ type: 'OrgApiRateLimitChanged', data: { orgId, limit: data.limit, windowSeconds: data.windowSeconds } }];
};

/** Decides an organisation command against the org's state. */
export const decideOrganisation = (command: OrganisationCommand, state: OrganisationState): OrganisationEvent[] => {
  switch (command.type) {
    case 'CreateOrganisation':
      return create(command, state);
    case 'RenameOrganisation':
      return rename(command, state);
    case 'ChangeOrgApiRateLimit':
      return changeRateLimit(command, state);
    default: {
      const _never: never = command;
      throw new Error('unknown organisation command');
    }
  }
};
