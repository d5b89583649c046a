export { TrafficCapture, type TrafficCaptureOptions } from './traffic-capture.ts';
export type { CaptureRequest, CaptureState, CaptureStopReason, CaptureSummary, Direction, RecordedTrafficPage } from './capture-types.ts';
export { CAPTURE_LIMITS } from './capture-limits.ts';
export { CaptureNotFoundError, TooManyCapturesError } from './capture-errors.ts';
export { ALL_EVENTS, formatEventSelector, parseEventSelector, selectorMatches, type EventSelector } from './event-selector.ts';
export { frameEventName, type FrameEventName } from './frame-event-name.ts';
export { ndjsonLine, recordedEntry, toNdjson } from './recorded-traffic.ts';
