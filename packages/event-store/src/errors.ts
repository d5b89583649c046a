import { SapienError } from '@sapien/kernel';
import type { ExpectedRevision, StreamRevision } from './port.ts';

/** The stream is not at the expected revision (EventStoreDB's WrongExpectedVersionError). */
export class ExpectedRevisionConflict extends SapienError {
  override readonly name = 'ExpectedRevisionConflict';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision,
  ) {
    super(
      'expected-revision-conflict',
      `stream ${streamId} is at revision ${String(actual)}, expected ${String(expected)}`,
      409,
      { streamId, expected, actual },
    );
  }
}

/** The event store could not be reached or failed; the operation may be retried. */
export class EventStoreUnavailable extends SapienError {
  override readonly name = 'EventStoreUnavailable';

  constructor(message: string, options?: ErrorOptions) {
    super('event-store-unavailable', message, 503, {}, options);
  }
}
