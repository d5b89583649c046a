import { ConflictError, NotFoundError, ValidationError, type Instant } from '@sapien/kernel';
import { DeciderSpecification } from '@sapien/kernel/testing';
import type { OrganisationCommand, OrganisationEvent } from './index.ts';
import { organisationDecider } from './index.ts';

const now = '2026-01-01T00:00:00.000000Z' as Instant;
const spec = DeciderSpecification.for(organisationDecider);

const created: OrganisationEvent = {
  type: 'OrganisationCreated',
  data: { orgId: 42, name: 'Acme', apiRateLimit: { limit: 600, windowSeconds: 60 } },
};

const create = (data: Extract<OrganisationCommand, { type: 'CreateOrganisation' }>['data']): OrganisationCommand => ({
  type: 'CreateOrganisation',
  data,
  metadata: { now },
});
const rename = (name: string, orgId = 42): OrganisationCommand => ({
  type: 'RenameOrganisation',
  data: { orgId, name },
  metadata: { now },
});
const changeLimit = (limit: number, windowSeconds: number, orgId = 42): OrganisationCommand => ({
  type: 'ChangeOrgApiRateLimit',
  data: { orgId, limit, windowSeconds },
  metadata: { now },
});

describe('organisationDecider', () => {
  describe('CreateOrganisation', () => {
    it('creates an organisation with the default rate limit of 600 per 60 seconds', () =>
      spec.given([]).when(create({ orgId: 42, name: 'Acme' })).then([created]));

    it('keeps a given rate limit', () =>
      spec
        .given([])
        .when(create({ orgId: 7, name: 'Beta', apiRateLimit: { limit: 10, windowSeconds: 1 } }))
        .then([{ type: 'OrganisationCreated', data: { orgId: 7, name: 'Beta', apiRateLimit: { limit: 10, windowSeconds: 1 } } }]));

    it('trims the name', () => spec.given([]).when(create({ orgId: 42, name: '  Acme ' })).then([created]));

    it('rejects an organisation that already exists', () =>
      spec
        .given([created])
        .when(create({ orgId: 42, name: 'Acme' }))
        .thenThrows(ConflictError, (error) => error.code === 'organisation-exists'));

    it('rejects an empty name, naming the field', () =>
      spec.given([]).when(create({ orgId: 42, name: '   ' })).thenThrows(ValidationError, (error) => error.field === 'name'));

    it('rejects a name longer than 200 characters', () =>
      spec.given([]).when(create({ orgId: 42, name: 'x'.repeat(201) })).thenThrows(ValidationError, (e) => e.field === 'name'));

    it('rejects a name with control characters', () =>
      spec.given([]).when(create({ orgId: 42, name: 'A\u0000B' })).thenThrows(ValidationError, (e) => e.field === 'name'));

    it('rejects an org id that is not a positive integer', () => {
      for (const orgId of [0, -1, 1.5, 2_147_483_648]) {
        spec.given([]).when(create({ orgId, name: 'Acme' })).thenThrows(ValidationError, (e) => e.field === 'orgId');
      }
    });

    it('rejects a zero rate limit, naming the nested field', () =>
      spec
        .given([])
        .when(create({ orgId: 42, name: 'Acme', apiRateLimit: { limit: 0, windowSeconds: 60 } }))
        .thenThrows(ValidationError, (e) => e.field === 'apiRateLimit.limit'));
  });

  describe('RenameOrganisation', () => {
    it('renames an organisation and records the previous name', () =>
      spec
        .given([created])
        .when(rename('Acme Ltd'))
        .then([{ type: 'OrganisationRenamed', data: { orgId: 42, name: 'Acme Ltd', previousName: 'Acme' } }]));

    it('does nothing when the name is unchanged', () => spec.given([created]).when(rename(' Acme ')).thenNothingHappens());

    it('renames again after an earlier rename', () =>
      spec
        .given([created, { type: 'OrganisationRenamed', data: { orgId: 42, name: 'B', previousName: 'Acme' } }])
        .when(rename('Acme'))
        .then([{ type: 'OrganisationRenamed', data: { orgId: 42, name: 'Acme', previousName: 'B' } }]));

    it('reports an unknown organisation as not found', () =>
      spec.given([]).when(rename('Acme')).thenThrows(NotFoundError, (e) => e.status === 404));

    it('rejects an empty name, naming the field', () =>
      spec.given([created]).when(rename('')).thenThrows(ValidationError, (e) => e.field === 'name'));
  });

  describe('ChangeOrgApiRateLimit', () => {
    it('changes the rate limit', () =>
      spec
        .given([created])
        .when(changeLimit(100, 10))
        .then([{ type: 'OrgApiRateLimitChanged', data: { orgId: 42, limit: 100, windowSeconds: 10 } }]));

    it('does nothing when the limit is unchanged', () => spec.given([created]).when(changeLimit(600, 60)).thenNothingHappens());

    it('reports an unknown organisation as not found', () =>
      spec.given([]).when(changeLimit(100, 10)).thenThrows(NotFoundError));

    it('rejects a window longer than a day, naming the field', () =>
      spec.given([created]).when(changeLimit(100, 86_401)).thenThrows(ValidationError, (e) => e.field === 'windowSeconds'));

    it('rejects a fractional limit, naming the field', () =>
      spec.given([created]).when(changeLimit(1.5, 60)).thenThrows(ValidationError, (e) => e.field === 'limit'));
  });
});
