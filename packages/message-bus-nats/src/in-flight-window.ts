/**
 * Bounds the publishes awaiting their ack. Slots pass in FIFO order from a releaser to the next
 * waiter, so publishes are issued in the order they asked.
 */
export class InFlightWindow {
  private inFlight = 0;
  private maxObserved = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`maxInFlight must be a positive integer: ${limit}`);
  }

  get current(): number {
    return this.inFlight;
  }

  /** The most publishes ever awaiting their ack at once: never above `limit`. */
  get maxObservedInFlight(): number {
    return this.maxObserved;
  }

  async acquire(): Promise<void> {
    if (this.inFlight < this.limit && this.waiting.length === 0) {
      this.inFlight++;
      this.maxObserved = Math.max(this.maxObserved, this.inFlight);
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes on; the count stays
    else this.inFlight--;
  }
}
