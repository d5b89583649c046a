/** Stable codes of every way ESL bytes or command arguments can be wrong. */
export type EslProtocolErrorCode =
  | 'bad_header_line'
  | 'header_too_large'
  | 'bad_content_length'
  | 'content_length_too_large'
  | 'truncated_frame'
  | 'bad_event_plain'
  | 'bad_event_json'
  | 'newline_in_argument'
  | 'empty_command'
  | 'bad_argument'
  | 'internal_error';

/** The one error of this package: wire data that breaks the ESL grammar, or a command that would. */
export class EslProtocolError extends Error {
  override readonly name = 'EslProtocolError';

  constructor(
    readonly code: EslProtocolErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
