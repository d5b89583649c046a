/** Stable codes of what can go wrong while publishing ESL events. */
export type EslPublishingErrorCode = 'spool_closed' | 'spool_bad_record' | 'spool_bad_option' | 'publisher_already_started';

/** The one error of the publishing part: a misuse of the spool or the publisher. */
export class EslPublishingError extends Error {
  override readonly name = 'EslPublishingError';

  constructor(
    readonly code: EslPublishingErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
