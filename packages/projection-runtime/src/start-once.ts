/**
 * The start/stop life of a background service: concurrent `start()` calls share one start, a
 * failed start can be tried again, and `stop()` waits for a start in progress, which sees
 * `stopRequested` after its awaits and starts nothing (its stores may be closing).
 */
export class StartOnce {
  private starting: Promise<void> | undefined;
  private requested = false;

  get stopRequested(): boolean {
    return this.requested;
  }

  async start(begin: () => Promise<void>): Promise<void> {
    this.starting ??= begin();
    try {
      await this.starting;
    } catch (error) {
      this.starting = undefined;
      throw error;
    }
  }

  /** Waits for a start in progress, runs `end`, and makes the service startable again. */
  async stop(end: () => Promise<void>): Promise<void> {
    this.requested = true;
    await this.starting?.catch(() => undefined);
    await end();
    this.starting = undefined;
    this.requested = false;
  }
}
