/**
 * Wakes waiting subscriptions when the log may have grown. A waiter passes the generation it saw
 * before reading, so a wake-up that lands between its read and its wait is not lost.
 */
export class Wakeup {
  private current = 0;
  private readonly waiters = new Set<() => void>();

  get generation(): number {
    return this.current;
  }

  notify(): void {
    this.current += 1;
    for (const wake of [...this.waiters]) wake();
  }

  /** Resolves on the next wake-up after `seen`, after `timeoutMs`, or on abort, whichever is first. */
  wait(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (seen !== this.current || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, timeoutMs);
      signal?.addEventListener('abort', wake, { once: true });
      this.waiters.add(wake);
    });
  }
}
