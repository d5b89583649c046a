import type { NodeStatus, PublishedEslEvent, WireFrame } from '../hub.ts';
import type { ConnectionSink } from './connection-sink.ts';

/** A ConnectionSink for specs: keeps what it is handed and waits for what is expected. */
export class RecordingSink implements ConnectionSink {
  readonly events: PublishedEslEvent[] = [];
  readonly frames: WireFrame[] = [];
  readonly statuses: NodeStatus[] = [];
  private waiters: Array<() => void> = [];

  constructor(private readonly capture = false) {}

  capturing(): boolean {
    return this.capture;
  }

  frame(frame: WireFrame): void {
    this.frames.push(frame);
    this.changed();
  }

  event(event: PublishedEslEvent): void {
    this.events.push(event);
    this.changed();
  }

  status(status: NodeStatus): void {
    this.statuses.push(status);
    this.changed();
  }

  /** Resolves once `predicate` holds; rejects naming `what` after `timeoutMs` (a guard, not a measure). */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    return waitUntil(predicate, what, timeoutMs, (check) => {
      this.waiters.push(check);
      return () => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
      };
    });
  }

  private changed(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Waits for `predicate`, checked whenever `subscribe`'s source changes. */
export function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs: number,
  subscribe: (check: () => void) => () => void,
): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const unsubscribe = subscribe(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}
