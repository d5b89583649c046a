import type { PublishedEslEvent } from '../hub.ts';

/** The JetStream stream of FreeSWITCH events (PRODUCT.md §5). */
export const ESL_EVENTS_STREAM = 'ESL_EVENTS';
export const ESL_EVENTS_SUBJECT_PREFIX = 'esl.events';
export const ESL_EVENTS_SUBJECTS: readonly string[] = [`${ESL_EVENTS_SUBJECT_PREFIX}.>`];

const UNSAFE_RUN = /[^A-Za-z0-9_-]+/g;

/**
 * One subject token: every run of characters outside `[A-Za-z0-9_-]` becomes a single `_`
 * (`sofia::register` → `sofia_register`, `fs1.example.com` → `fs1_example_com`), and an empty
 * token becomes `_`, so a token can never split, widen (`*`, `>`) or empty a subject.
 */
export const subjectToken = (value: string): string => value.replace(UNSAFE_RUN, '_') || '_';

type SubjectFields = Pick<PublishedEslEvent, 'node' | 'name' | 'subclass'>;

/**
 * `esl.events.<node>.<EVENT_NAME>`; a CUSTOM event always has its subclass as a fifth token
 * (`_` when FreeSWITCH gave none), so `esl.events.*.CUSTOM.*` matches every CUSTOM event.
 */
export const eslEventSubject = (event: SubjectFields): string => {
  const base = `${ESL_EVENTS_SUBJECT_PREFIX}.${subjectToken(event.node)}.${subjectToken(event.name)}`;
  return event.name === 'CUSTOM' ? `${base}.${subjectToken(event.subclass ?? '')}` : base;
};

/** `Nats-Msg-Id`: the event's identity across re-sends, so JetStream stores it once. */
export const eslEventMessageId = (event: Pick<PublishedEslEvent, 'coreUuid' | 'sequence'>): string =>
  `${event.coreUuid}:${event.sequence}`;
