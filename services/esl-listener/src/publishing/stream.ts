import { ensureStream, type EnsuredStream } from '@sapien/message-bus-nats';
import { StorageType, nanos } from 'nats';
import type { JetStreamManager } from 'nats';
import { ESL_EVENTS_STREAM, ESL_EVENTS_SUBJECTS } from './subject.ts';

/** Long enough for a re-send after any outage the publisher rides out in memory or the spool. */
export const ESL_EVENTS_DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * Creates ESL_EVENTS (subjects `esl.events.>`, file storage, 2 minute duplicate window) when it
 * is missing. A stream that exists is left as an operator configured it, but for a missing
 * subject or a shorter duplicate window; several listeners may ensure it at once.
 */
export const ensureEslEventsStream = (
  jsm: JetStreamManager,
  duplicateWindowMs: number = ESL_EVENTS_DUPLICATE_WINDOW_MS,
): Promise<EnsuredStream> =>
  ensureStream(jsm, {
    name: ESL_EVENTS_STREAM,
    subjects: [...ESL_EVENTS_SUBJECTS],
    storage: StorageType.File,
    duplicate_window: nanos(duplicateWindowMs),
  });
