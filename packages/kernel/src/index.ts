export type { Actor, Command, DomainEvent, EventMetadata, NewEvent, RecordedEvent } from './envelope.ts';
export { streamCategory } from './envelope.ts';
export type { Decider } from './decider.ts';
export { foldEvents } from './decider.ts';
export type { Clock, Instant } from './clock.ts';
export { FixedClock, SystemClock, epochMicrosOf, instantFromEpochMicros, isInstant, parseInstant } from './clock.ts';
export { ConflictError, NotFoundError, SapienError, ValidationError, problemType } from './errors.ts';
export { isUuid, isUuidV7, newEventId, newId } from './ids.ts';
export { CREDENTIAL_FIELDS, PERSONAL_DATA_FIELDS, REDACTED, redactCredentials, redactFields, redactForBus } from './redaction.ts';
