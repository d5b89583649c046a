import type { DomainEvent } from '@sapien/kernel';
import type { ApiRateLimit } from './rate-limit.ts';

export type OrganisationCreated = DomainEvent<
  'OrganisationCreated',
  Readonly<{ orgId: number; name: string; apiRateLimit: ApiRateLimit }>
>;

export type OrganisationRenamed = DomainEvent<
  'OrganisationRenamed',
  Readonly<{ orgId: number; name: string; previousName: string }>
>;

export type OrgApiRateLimitChanged = DomainEvent<
  'OrgApiRateLimitChanged',
  Readonly<{ orgId: number; limit: number; windowSeconds: number }>
>;

export type OrganisationEvent = OrganisationCreated | OrganisationRenamed | OrgApiRateLimitChanged;

export const ORGANISATION_EVENT_TYPES: readonly OrganisationEvent['type'][] = [
  'OrganisationCreated',
  'OrganisationRenamed',
  'OrgApiRateLimitChanged',
];

export const isOrganisationEvent = (event: DomainEvent): event is OrganisationEvent =>
  (ORGANISATION_EVENT_TYPES as readonly string[]).includes(event.type);
