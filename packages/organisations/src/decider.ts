import type { Decider } from '@sapien/kernel';
import type { OrganisationCommand } from './commands.ts';
import { decideOrganisation } from './decide.ts';
import type { OrganisationEvent } from './events.ts';
import { evolveOrganisation } from './evolve.ts';
import { initialOrganisationState, type OrganisationState } from './state.ts';

/** The organisation decider, one per `org-<id>` stream. */
export const organisationDecider: Decider<OrganisationState, OrganisationCommand, OrganisationEvent> = {
  decide: decideOrganisation,
  evolve: evolveOrganisation,
  initialState: initialOrganisationState,
};
