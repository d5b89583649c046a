import { STATUS_CODES } from 'node:http';
import { SapienError, problemType } from '@sapien/kernel';

/** An RFC 9457 problem detail, Sapien's one error shape on the wire. */
export type Problem = Readonly<{
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  [extension: string]: unknown;
}>;

export type ProblemResponse = Readonly<{ status: number; problem: Problem; headers: Readonly<Record<string, string>> }>;

type FieldError = Readonly<{ field: string; message: string }>;

type AjvError = Readonly<{
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Readonly<Record<string, unknown>>;
}>;

/** Fastify's own errors, by their stable codes. */
const FASTIFY_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-content-length',
  FST_ERR_NOT_FOUND: 'not-found',
};

const titleOf = (status: number): string => STATUS_CODES[status] ?? 'Error';

/** `/apiRateLimit/limit` plus a missing or extra property → `apiRateLimit.limit`. */
const fieldOf = (error: AjvError, part: string): string => {
  const path = (error.instancePath ?? '').split('/').filter(Boolean);
  const extra = error.params?.missingProperty ?? error.params?.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  if (path.length > 0) return path.join('.');
  return part;
};

const schemaErrors = (validation: readonly AjvError[], part: string): FieldError[] =>
  validation.map((error) => {
    const field = fieldOf(error, part);
    const reason =
      error.keyword === 'additionalProperties' ? 'is not a known property' : (error.message ?? 'is invalid');
    return { field, message: `${field} ${reason}` };
  });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const make = (status: number, code: string, detail: string, extensions: Record<string, unknown> = {}): Problem => ({
  type: problemType(code),
  title: titleOf(status),
  status,
  detail,
  ...extensions,
});

const retryAfter = (details: Readonly<Record<string, unknown>>): Record<string, string> =>
  typeof details.retryAfterSeconds === 'number' ? { 'retry-after': String(details.retryAfterSeconds) } : {};

/**
 * Maps any error to a problem: the one place where errors meet HTTP. SapienErrors keep their code
 * and status; fastify's schema and content-type errors get stable codes; anything else is a 500
 * whose detail says nothing about the cause (it is logged with the correlation id instead).
 */
export const toProblem = (error: unknown): ProblemResponse => {
  if (error instanceof SapienError) {
    if (error.status >= 500 && error.status !== 503) return internal();
    const { retryAfterSeconds: _header, ...details } = error.details;
    // A field named by the domain reads like a schema error: `field` plus `errors`.
    const extensions =
      typeof details.field === 'string' ? { ...details, errors: [{ field: details.field, message: error.message }] } : details;
    return { status: error.status, problem: make(error.status, error.code, error.message, extensions), headers: retryAfter(error.details) };
  }
  if (!isRecord(error)) return internal();
  if (Array.isArray(error.validation)) {
    const part = typeof error.validationContext === 'string' ? error.validationContext : 'body';
    const errors = schemaErrors(error.validation as AjvError[], part);
    const first = errors[0];
    const detail = errors.map((e) => e.message).join('; ');
    return { status: 400, problem: make(400, 'validation-failed', detail, { field: first?.field, errors }), headers: {} };
  }
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = (typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined) ?? `http-${status}`;
    const message = typeof error.message === 'string' ? error.message : titleOf(status);
    return { status, problem: make(status, code, message), headers: {} };
  }
  return internal();
};

const internal = (): ProblemResponse => ({
  status: 500,
  problem: make(500, 'internal-error', 'An unexpected error occurred; quote the correlation id when reporting it.'),
  headers: {},
});

/** Whether the mapping hid the cause: such errors are logged in full. */
export const isUnexpected = (response: ProblemResponse): boolean => response.status === 500;
