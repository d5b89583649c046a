export { startEslListener } from './listener.ts';
export type { EslListenerOptions, RunningEslListener } from './listener.ts';
