import { ConflictError, ValidationError, type Instant } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import type { OrgIdReserved, ReserveOrgId } from './index.ts';
import { orgRegistryDecider } from './index.ts';

const now = '2026-01-01T00:00:00.000000Z' as Instant;
const spec = DeciderSpecification.for(orgRegistryDecider);
const reserve = (orgId?: number): ReserveOrgId => ({ type: 'ReserveOrgId', data: orgId === undefined ? {} : { orgId }, metadata: { now } });
const reserved = (orgId: number, assigned = true): OrgIdReserved => ({ type: 'OrgIdReserved', data: { orgId, assigned } });

describe('orgRegistryDecider', () => {
  it('assigns 1 to the first organisation', () => spec.given([]).when(reserve()).then([reserved(1)]));

  it('assigns one more than the highest id reserved so far', () =>
    spec.given([reserved(1), reserved(40, false), reserved(2)]).when(reserve()).then([reserved(41)]));

  it('reserves a given id that is free, below the highest', () =>
    spec.given([reserved(1), reserved(40, false)]).when(reserve(7)).then([reserved(7, false)]));

  it('reserves a given id on an empty registry', () => spec.given([]).when(reserve(42)).then([reserved(42, false)]));

  it('rejects a given id that is taken', () =>
    spec
      .given([reserved(1), reserved(2)])
      .when(reserve(2))
      .thenThrows(ConflictError, (error) => error.code === 'organisation-exists'));

  it('rejects a given id that is not a positive integer', () =>
    spec.given([]).when(reserve(0)).thenThrows(ValidationError, (error) => error.field === 'orgId'));

  it('refuses to assign past the largest org id', () =>
    spec
      .given([reserved(2_147_483_647, false)])
      .when(reserve())
      .thenThrows(ConflictError, (error) => error.code === 'org-ids-exhausted'));
});
