export { startProjector } from './projector.ts';
export type { ProjectorDependencies, RunningProjector } from './projector.ts';
