import { SapienError } from '@sapien/kernel';

/** Until OAuth is enabled the API must not be reachable from other machines. */
export class NonLoopbackHostError extends SapienError {
  override readonly name = 'NonLoopbackHostError';

  constructor(readonly host: string) {
    super(
      'non-loopback-host',
      `refusing to listen on ${host}: without an OAuth server /v1 needs no token, so the API listens on loopback only (127.0.0.1, ::1 or localhost)`,
      500,
      { host },
    );
  }
}

/** A query asked for a position the read model did not reach within the wait. */
export class ReadModelBehindError extends SapienError {
  override readonly name = 'ReadModelBehindError';

  constructor(position: number, waitedMs: number) {
    super(
      'read-model-behind',
      `the read model did not reach position ${position} within ${waitedMs} ms; retry shortly`,
      503,
      { minPosition: position, retryAfterSeconds: 1 },
    );
  }
}

/** A write with an Idempotency-Key whose first request is still being processed. */
export class IdempotencyKeyInUseError extends SapienError {
  override readonly name = 'IdempotencyKeyInUseError';

  constructor() {
    super('idempotency-key-in-use', 'a request with this Idempotency-Key is still being processed; retry shortly', 409, {
      retryAfterSeconds: 1,
    });
  }
}

/** An Idempotency-Key reused for a different request. */
export class IdempotencyKeyReusedError extends SapienError {
  override readonly name = 'IdempotencyKeyReusedError';

  constructor() {
    super('idempotency-key-reused', 'this Idempotency-Key was already used for a different request', 422);
  }
}

/** A dependency did not answer the readiness check. */
export class NotReadyError extends SapienError {
  override readonly name = 'NotReadyError';

  constructor(checks: Readonly<Record<string, string>>) {
    const failed = Object.keys(checks).filter((name) => checks[name] !== 'up');
    super('not-ready', `not ready: ${failed.join(', ')} did not answer`, 503, { checks, retryAfterSeconds: 1 });
  }
}

/** The API is shutting down: requests that arrive now are refused, those in flight finish. */
export class ShuttingDownError extends SapienError {
  override readonly name = 'ShuttingDownError';

  constructor() {
    super('shutting-down', 'the API is shutting down; retry against another instance or shortly', 503, { retryAfterSeconds: 1 });
  }
}
