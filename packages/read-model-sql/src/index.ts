export type { Dialect, ReadModelSchema, ReadModelStore } from './store.ts';
export { READ_MODEL_SCHEMAS } from './store.ts';
