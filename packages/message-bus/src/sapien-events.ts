import { isInstant, redactForBus, streamCategory } from '@sapien/kernel';
import type { Actor, Instant, RecordedEvent } from '@sapien/kernel';
import { MalformedMessageError } from './errors.ts';
import type { BusMessage } from './port.ts';

/** The public stream of Sapien's domain events (PRODUCT.md §5). */
export const SAPIEN_EVENTS_STREAM = 'SAPIEN_EVENTS';
export const SAPIEN_EVENTS_SUBJECTS: readonly string[] = ['sapien.events.>'];

/** The JSON payload of a SAPIEN_EVENTS message. `data` is passed as the event carries it. */
export type SapienEventPayload = Readonly<{
  id: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  orgId: number;
  occurredAt: Instant;
  data: unknown;
  metadata: Readonly<{ correlationId: string; causationId: string; actor: Actor }>;
}>;

const UNSAFE = /[^A-Za-z0-9_-]/gu;

/** Makes any string a safe subject token: characters outside `[A-Za-z0-9_-]` become `_`, never empty. */
export const sanitiseSubjectToken = (value: string): string => value.replace(UNSAFE, '_') || '_';

/** `sapien.events.<orgId>.<category>.<EventType>`; org 0 holds platform events. */
export const sapienEventSubject = (event: RecordedEvent): string =>
  [
    'sapien',
    'events',
    sanitiseSubjectToken(String(event.metadata.orgId)),
    sanitiseSubjectToken(streamCategory(event.streamId)),
    sanitiseSubjectToken(event.type),
  ].join('.');

export const sapienEventPayload = (event: RecordedEvent): SapienEventPayload => ({
  id: event.id,
  type: event.type,
  streamId: event.streamId,
  revision: event.revision,
  position: event.position,
  orgId: event.metadata.orgId,
  occurredAt: event.occurredAt,
  // Credentials stay in the event store; personal data never goes out in plaintext (PRODUCT.md §5).
  data: redactForBus(event.data),
  metadata: {
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    actor: { kind: event.metadata.actor.kind, id: event.metadata.actor.id },
  },
});

/** The bus message of a recorded event; its id (the event id) lets JetStream drop a republished event. */
export const sapienEventMessage = (event: RecordedEvent): BusMessage => ({
  subject: sapienEventSubject(event),
  id: event.id,
  payload: new TextEncoder().encode(JSON.stringify(sapienEventPayload(event))),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ACTOR_KINDS: readonly string[] = ['client', 'user', 'system'];

const isActor = (value: unknown): value is Actor =>
  isRecord(value) && typeof value.kind === 'string' && ACTOR_KINDS.includes(value.kind) && typeof value.id === 'string';

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

const problemOf = (value: Record<string, unknown>): string | undefined => {
  for (const field of ['id', 'type', 'streamId'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') return `${field} must be a non-empty string`;
  }
  for (const field of ['revision', 'position', 'orgId'] as const) {
    if (!isCount(value[field])) return `${field} must be a non-negative integer`;
  }
  if (!isInstant(value.occurredAt)) return 'occurredAt must be an instant with microseconds';
  if (!('data' in value)) return 'data is missing';
  const metadata = value.metadata;
  if (!isRecord(metadata)) return 'metadata must be an object';
  if (typeof metadata.correlationId !== 'string' || typeof metadata.causationId !== 'string') {
    return 'metadata.correlationId and metadata.causationId must be strings';
  }
  if (!isActor(metadata.actor)) return 'metadata.actor must be { kind: client|user|system, id }';
  return undefined;
};

/** Reads a SAPIEN_EVENTS payload, checking its shape; throws MalformedMessageError otherwise. */
export const parseSapienEventPayload = (bytes: Uint8Array): SapienEventPayload => {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new MalformedMessageError('not UTF-8 JSON', { cause: error });
  }
  if (!isRecord(value)) throw new MalformedMessageError('not a JSON object');
  const problem = problemOf(value);
  if (problem !== undefined) throw new MalformedMessageError(problem);
  return value as SapienEventPayload;
};
