import type { Logger } from 'pino';
import type { Unsubscribe } from '../hub.ts';

/**
 * A listener list called synchronously and in order. A throwing listener is logged and the
 * others still run; adding or removing during a call takes effect from the next value.
 */
export class Listeners<T> {
  private list: ReadonlyArray<(value: T) => void> = [];

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  get size(): number {
    return this.list.length;
  }

  add(listener: (value: T) => void): Unsubscribe {
    // A wrapper per registration, so the same function added twice is removed one at a time.
    const entry = (value: T): void => listener(value);
    this.list = [...this.list, entry];
    return () => {
      this.list = this.list.filter((other) => other !== entry);
    };
  }

  emit(value: T): void {
    for (const listener of this.list) {
      try {
        listener(value);
      } catch (error) {
        this.logger.error({ err: error }, `an ESL ${this.what} listener threw; the others still run`);
      }
    }
  }
}
