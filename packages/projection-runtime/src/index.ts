export type { Projection, TableNames } from './projection.ts';
export { liveTables } from './projection.ts';
