export { openSqlEventStore } from './open.ts';
export type { SqlEventStoreOptions } from './open.ts';
export type { SqlEventStore } from './sql-event-store.ts';
export { parseEventStoreUrl } from './url.ts';
export type { EventStoreLocation, SqlDialectName } from './url.ts';
export { InvalidEventStoreUrl } from './errors.ts';
