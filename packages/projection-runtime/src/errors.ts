import { SapienError } from '@sapien/kernel';

/**
 * A consumer's saved checkpoint is past the end of the event log: the event store is older than
 * the read database (restored from an older backup, or replaced). Resuming would wait for
 * positions that already mean other events, and silently never process the new ones.
 */
export class CheckpointAheadOfLog extends SapienError {
  override readonly name = 'CheckpointAheadOfLog';

  constructor(
    readonly consumer: string,
    readonly checkpoint: number,
    readonly head: number,
    remedy: string,
  ) {
    super(
      'checkpoint-ahead-of-log',
      `${consumer} has checkpoint ${checkpoint} but the event log ends at position ${head}: the event store is older than ` +
        `the read database (restored from an older backup, or replaced). Refusing to start: ${remedy}`,
      500,
      { consumer, checkpoint, head },
    );
  }
}

/** What to do when a projection's checkpoint is ahead of the log. */
export const rebuildRemedy = (projection: string): string =>
  `restore the event store that matches the read database, or rebuild the read models from this event store (sapien projections rebuild ${projection}).`;
