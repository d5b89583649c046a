export { ROLES, SCOPES, isPlatformAdmin } from './principal.ts';
export type { Principal, Role, Scope } from './principal.ts';
export type { Vote, Voter } from './voter.ts';
