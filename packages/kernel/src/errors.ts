/**
 * The one error base of Sapien. `code` is stable and becomes the problem type
 * (`urn:sapien:problem:<code>`) at the HTTP edge; `status` is the HTTP status it maps to.
 */
export class SapienError extends Error {
  override readonly name: string = 'SapienError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 500,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The problem type URI of this error's code. */
  get type(): string {
    return problemType(this.code);
  }
}

export const problemType = (code: string): string => `urn:sapien:problem:${code}`;

/** Input that breaks the contract: a missing or malformed field. */
export class ValidationError extends SapienError {
  override readonly name = 'ValidationError';

  constructor(message: string, readonly field?: string, details: Readonly<Record<string, unknown>> = {}) {
    super('validation-failed', message, 400, field === undefined ? details : { field, ...details });
  }
}

/** Something that does not exist, or that the caller may not know exists. */
export class NotFoundError extends SapienError {
  override readonly name = 'NotFoundError';

  constructor(what: string, id: string | number) {
    super('not-found', `${what} ${id} was not found`, 404, { resource: what, id });
  }
}

/** The command does not fit the current state (already exists, wrong status). */
export class ConflictError extends SapienError {
  override readonly name = 'ConflictError';

  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, 409, details);
  }
}
