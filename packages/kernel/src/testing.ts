export { DeciderSpecification } from './decider-specification.ts';
