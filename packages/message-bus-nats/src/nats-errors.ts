import { ErrorCode, NatsError } from 'nats';

/** Whether a JetStream API call failed with the given `err_code`. */
export const isApiError = (error: unknown, errCode: number): boolean =>
  error instanceof NatsError && error.api_error?.err_code === errCode;

/** No ack because no stream answered: JetStream down or starting, or the stream missing. */
export const isNoResponders = (error: unknown): boolean => error instanceof NatsError && error.code === ErrorCode.NoResponders;

/**
 * Failures that a broker restart or a network cut produce; the same message published again
 * (same id) either lands or is recognised as a duplicate, so they are retried.
 */
export const isTransientPublishError = (error: unknown): boolean => {
  if (!(error instanceof NatsError)) return false;
  switch (error.code) {
    case ErrorCode.Timeout:
    case ErrorCode.NoResponders:
    case ErrorCode.Disconnect:
    case ErrorCode.ConnectionRefused:
    case ErrorCode.ConnectionTimeout:
    case ErrorCode.RequestError:
      return true;
    default:
      return false;
  }
};
