import type { IncomingMessage } from 'node:http';
import { newId } from '@sapien/kernel';

export const CORRELATION_HEADER_NAME = 'x-correlation-id';

/** Printable, short, no separators that would break a log line or a header. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/u;

/** The request id: the caller's X-Correlation-Id when it is acceptable, otherwise a new UUID v7. */
export const correlationIdOf = (request: IncomingMessage): string => {
  const given = request.headers[CORRELATION_HEADER_NAME];
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : newId();
};
