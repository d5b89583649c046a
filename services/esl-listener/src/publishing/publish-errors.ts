import { ErrorCode, NatsError } from 'nats';

/** JetStream's "message size exceeds maximum allowed" (a stream's max_msg_size). */
const MESSAGE_TOO_LARGE = 10054;

/**
 * Failures that sending the same event again cannot cure: the event itself is too large or
 * malformed for the server. Everything else (timeouts, no responders while JetStream starts, a
 * disconnect, a missing stream, permissions an operator may fix) is retried, since a re-send
 * with the same Nats-Msg-Id is stored at most once.
 */
export const isPermanentPublishError = (error: unknown): boolean => {
  if (!(error instanceof NatsError)) return false;
  switch (error.code) {
    case ErrorCode.MaxPayloadExceeded:
    case ErrorCode.BadPayload:
    case ErrorCode.BadSubject:
    case ErrorCode.InvalidPayload:
      return true;
    default:
      return error.api_error?.err_code === MESSAGE_TOO_LARGE;
  }
};

export const isNoResponders = (error: unknown): boolean => error instanceof NatsError && error.code === ErrorCode.NoResponders;

export const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
