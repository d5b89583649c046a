import type { Projection } from '@sapien/projection-runtime';
import { eventLogProjection } from './event-log/projection.ts';
import { orgsProjection } from './orgs/projection.ts';
import { sessionsProjection, usersProjection } from './users/projections.ts';

export { orgsProjection } from './orgs/projection.ts';
export { ORGS_TABLE } from './orgs/table.ts';
export { eventLogProjection } from './event-log/projection.ts';
export { EVENT_LOG_TABLE } from './event-log/table.ts';
export { verifyEventLogChain } from './event-log/verify.ts';
export type { ChainVerification, VerifyOptions } from './event-log/verify.ts';
export { eventLogHash } from './event-log/hash.ts';
export type { ChainedFields } from './event-log/hash.ts';
export { canonicalJson } from './support/canonical-json.ts';
export { sessionsProjection, usersProjection } from './users/projections.ts';
export { SESSIONS_TABLE, USERS_TABLE } from './users/tables.ts';

/** Every projection the projector runs. */
export const allProjections: readonly Projection[] = [orgsProjection, usersProjection, sessionsProjection, eventLogProjection];
