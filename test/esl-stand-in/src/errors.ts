/** Stable codes of what can go wrong when driving the stand-in. */
export type EslStandInErrorCode =
  | 'timeout'
  | 'closed'
  | 'bad_event'
  | 'unknown_fixture'
  | 'bad_fixture';

/** The one error of this package: a misuse of the stand-in, or a wait that ran out. */
export class EslStandInError extends Error {
  override readonly name = 'EslStandInError';

  constructor(
    readonly code: EslStandInErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
