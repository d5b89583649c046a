import type { Command } from '@sapien/kernel';
import type { ApiRateLimit } from './rate-limit.ts';

export type CreateOrganisation = Command<
  'CreateOrganisation',
  Readonly<{ orgId: number; name: string; apiRateLimit?: ApiRateLimit }>
>;

export type RenameOrganisation = Command<'RenameOrganisation', Readonly<{ orgId: number; name: string }>>;

export type ChangeOrgApiRateLimit = Command<
  'ChangeOrgApiRateLimit',
  Readonly<{ orgId: number; limit: number; windowSeconds: number }>
>;

export type OrganisationCommand = CreateOrganisation | RenameOrganisation | ChangeOrgApiRateLimit;
