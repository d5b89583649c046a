import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Lag from an append's return to the read model and to NATS delivery, for the events after
 * `measuredAfter` (the warm-up's events are left out). A delivery that beat its append's return
 * (it cannot, but the clock would say so) is kept and counted as a negative lag, not hidden.
 */
export class LagProbe {
  readonly readModel: number[] = [];
  readonly nats: number[] = [];
  readonly appendLatency: number[] = [];
  readModelTimeouts = 0;
  measuredAfter = Number.POSITIVE_INFINITY;
  private highestDelivered = 0;
  private readonly returnedAt = new Map<number, number>();
  private readonly deliveredEarly = new Map<number, number>();

  constructor(private readonly waitForReadModel: (position: number, timeoutMs: number) => Promise<boolean>) {}

  /** An append returned at `returnedAt` (performance.now()) with the event at `position`. */
  appended(position: number, calledAt: number, returnedAt: number, timeoutMs: number): void {
    if (position <= this.measuredAfter) return;
    this.appendLatency.push(returnedAt - calledAt);
    this.returnedAt.set(position, returnedAt);
    const early = this.deliveredEarly.get(position);
    if (early !== undefined) {
      this.deliveredEarly.delete(position);
      this.nats.push(early - returnedAt);
    }
    void this.waitForReadModel(position, timeoutMs).then((reached) => {
      if (reached) this.readModel.push(performance.now() - returnedAt);
      else this.readModelTimeouts += 1;
    });
  }

  /** The subscriber received the event at `position` at `deliveredAt`. */
  delivered(position: number, deliveredAt: number): void {
    this.highestDelivered = Math.max(this.highestDelivered, position);
    if (position <= this.measuredAfter) return;
    const returnedAt = this.returnedAt.get(position);
    if (returnedAt === undefined) this.deliveredEarly.set(position, deliveredAt);
    else this.nats.push(deliveredAt - returnedAt);
  }

  /** Resolves once the subscriber has received `position`; throws after `timeoutMs`. */
  async untilDelivered(position: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.highestDelivered < position) {
      if (performance.now() > deadline) throw new Error(`NATS delivered up to position ${this.highestDelivered}, not ${position}`);
      await sleep(5);
    }
  }
}
