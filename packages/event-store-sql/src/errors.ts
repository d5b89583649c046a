import { SapienError } from '@sapien/kernel';

/** The event store URL names no adapter this package has. */
export class InvalidEventStoreUrl extends SapienError {
  override readonly name = 'InvalidEventStoreUrl';

  constructor(reason: string) {
    super(
      'invalid-event-store-url',
      `${reason}; an event store URL is sqlite:<file path> (e.g. sqlite:./data/events.sqlite), sqlite::memory:, ` +
        'or postgres://user:password@host:port/database (postgresql:// also accepted)',
      500,
    );
  }
}
