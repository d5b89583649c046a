import type { OrganisationEvent } from './events.ts';
import type { OrganisationState } from './state.ts';

/** Folds one organisation event into the state. Events on an absent org (corrupt streams) leave it absent. */
export const evolveOrganisation = (state: OrganisationState, event: OrganisationEvent): OrganisationState => {
  switch (event.type) {
    case 'OrganisationCreated':
      return { status: 'active', orgId: event.data.orgId, name: event.data.name, apiRateLimit: event.data.apiRateLimit };
    case 'OrganisationRenamed':
      return state.status === 'active' ? { ...state, name: event.data.name } : state;
    case 'OrgApiRateLimitChanged':
      return state.status === 'active'
        ? { ...state, apiRateLimit: { limit: event.data.limit, windowSeconds: event.data.windowSeconds } }
        : state;
    default: {
      const _never: never = event;
      return state;
    }
  }
};
