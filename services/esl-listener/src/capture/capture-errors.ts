import { SapienError } from '@sapien/kernel';

/** A capture id that was never issued, or whose capture was dropped to make room. */
export class CaptureNotFoundError extends SapienError {
  override readonly name = 'CaptureNotFoundError';

  constructor(captureId: string) {
    super('capture-not-found', `capture ${captureId} was not found (never started, or dropped to make room)`, 404, { captureId });
  }
}

/** Every kept capture is still running: one must stop before another starts. */
export class TooManyCapturesError extends SapienError {
  override readonly name = 'TooManyCapturesError';

  constructor(limit: number) {
    super('too-many-captures', `${limit} captures are running already: stop one first`, 409, { limit });
  }
}
