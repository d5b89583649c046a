export type { BusMessage, MessageBus, PublishResult, ReceivedMessage, SubscribeOptions } from './port.ts';
export { InvalidSubjectError, MalformedMessageError, MessageBusClosedError, MessageBusError } from './errors.ts';
export { assertPublishSubject, assertSubjectFilter, subjectMatches } from './subjects.ts';
export { InProcessMessageBus } from './in-process.ts';
export type { InProcessMessageBusOptions } from './in-process.ts';
export {
  SAPIEN_EVENTS_STREAM,
  SAPIEN_EVENTS_SUBJECTS,
  parseSapienEventPayload,
  sanitiseSubjectToken,
  sapienEventMessage,
  sapienEventPayload,
  sapienEventSubject,
} from './sapien-events.ts';
export type { SapienEventPayload } from './sapien-events.ts';
