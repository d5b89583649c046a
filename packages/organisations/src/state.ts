import type { ApiRateLimit } from './rate-limit.ts';

/** An organisation as its decider sees it: not yet created, or active. */
export type OrganisationState =
  | Readonly<{ status: 'absent' }>
  | Readonly<{ status: 'active'; orgId: number; name: string; apiRateLimit: ApiRateLimit }>;

export const initialOrganisationState = (): OrganisationState => ({ status: 'absent' });
