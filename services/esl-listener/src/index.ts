export { startEslListener } from './listener.ts';
export type { EslListenerOptions, RunningEslListener } from './listener.ts';
export { ESL_EVENTS_DUPLICATE_WINDOW_MS, ensureEslEventsStream } from './publishing/stream.ts';
export { ESL_EVENTS_STREAM, ESL_EVENTS_SUBJECTS } from './publishing/subject.ts';
