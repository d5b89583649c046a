import { SapienError, ValidationError } from '@sapien/kernel';

export type WebSocketErrorCode = 'invalid-json' | 'invalid-message' | 'unknown-command' | 'forbidden' | 'too-many-requests';

/** A client message the server cannot act on (its value's fields fail with ValidationError instead). */
export class WebSocketMessageError extends SapienError {
  override readonly name = 'WebSocketMessageError';

  constructor(
    override readonly code: WebSocketErrorCode,
    message: string,
  ) {
    super(code, message, 400);
  }
}

/** The `error` of a failed response: a stable code, a message for people, the field when one is at fault. */
export type WireError = Readonly<{ code: string; message: string; field?: string }>;

const INTERNAL: WireError = { code: 'internal-error', message: 'the command failed unexpectedly' };

/**
 * What a client is told about a failure. Errors that carry a stable code (ours, the ESL
 * connection's) are passed on; anything else becomes `internal-error` with no detail, the
 * detail going to the log.
 */
export function wireError(error: unknown): WireError {
  if (error instanceof ValidationError) {
    const field = error.details.field;
    return typeof field === 'string' ? { code: error.code, message: error.message, field } : { code: error.code, message: error.message };
  }
  if (error instanceof SapienError) return { code: error.code, message: error.message };
  if (error instanceof Error && typeof (error as Error & { code?: unknown }).code === 'string' && error.name !== 'Error') {
    return { code: (error as Error & { code: string }).code, message: error.message };
  }
  return INTERNAL;
}

export const isInternal = (error: WireError): boolean => error.code === INTERNAL.code;
