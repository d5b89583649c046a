import { ConflictError, type Command, type Decider, type DomainEvent } from '@sapien/kernel';
import { MAX_ORG_ID, validateOrgId } from './validation.ts';

/**
 * The org-id registry (stream `org-registry`): hands out positive integer ids. An id is reserved
 * here first, then the org is created in its own stream; appending the reservation with the
 * registry's expected revision makes two concurrent reservations of one id impossible.
 */
export type ReserveOrgId = Command<'ReserveOrgId', Readonly<{ orgId?: number }>>;

export type OrgIdReserved = DomainEvent<'OrgIdReserved', Readonly<{ orgId: number; assigned: boolean }>>;

export type OrgRegistryState =
  | Readonly<{ status: 'empty' }>
  | Readonly<{ status: 'issuing'; highest: number; reserved: ReadonlySet<number> }>;

const taken = (orgId: number): ConflictError =>
  new ConflictError('organisation-exists', `organisation ${orgId} already exists`, { orgId });

const decide = ({ data }: ReserveOrgId, state: OrgRegistryState): OrgIdReserved[] => {
  const given = data.orgId === undefined ? undefined : validateOrgId(data.orgId);
  switch (state.status) {
    case 'empty':
      return [{ type: 'OrgIdReserved', data: { orgId: given ?? 1, assigned: given === undefined } }];
    case 'issuing': {
      if (given !== undefined) {
        if (state.reserved.has(given)) throw taken(given);
        return [{ type: 'OrgIdReserved', data: { orgId: given, assigned: false } }];
      }
      if (state.highest >= MAX_ORG_ID) throw new ConflictError('org-ids-exhausted', 'no org id is left to assign');
      return [{ type: 'OrgIdReserved', data: { orgId: state.highest + 1, assigned: true } }];
    }
    default: {
      const _never: never = state;
      throw new Error('unknown registry status');
    }
  }
};

const evolve = (state: OrgRegistryState, { data }: OrgIdReserved): OrgRegistryState => {
  switch (state.status) {
    case 'empty':
      return { status: 'issuing', highest: data.orgId, reserved: new Set([data.orgId]) };
    case 'issuing':
      return {
        status: 'issuing',
        highest: Math.max(state.highest, data.orgId),
        reserved: new Set([...state.reserved, data.orgId]),
      };
    default: {
      const _never: never = state;
      return state;
    }
  }
};

export const orgRegistryDecider: Decider<OrgRegistryState, ReserveOrgId, OrgIdReserved> = {
  decide,
  evolve,
  initialState: () => ({ status: 'empty' }),
};
