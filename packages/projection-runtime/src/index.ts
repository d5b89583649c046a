export type { Projection, ProjectionContext, TableNames } from './projection.ts';
export { liveTables } from './projection.ts';
