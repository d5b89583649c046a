import type { Cancel, Timers } from './timers.ts';

/**
 * Notices a connection that stopped sending: FreeSWITCH sends HEARTBEAT every 20 s, so nothing
 * for `timeoutMs` means a dead peer or path that TCP may take minutes to report. Hearing costs a
 * clock read per chunk; the timer is re-armed only when it fires.
 */
export class SilenceWatchdog {
  private lastHeard = 0;
  private cancel: Cancel | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly timeoutMs: number,
    private readonly onSilent: () => void,
  ) {}

  start(): void {
    this.stop();
    this.lastHeard = this.timers.now();
    this.arm(this.timeoutMs);
  }

  heard(): void {
    this.lastHeard = this.timers.now();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private arm(ms: number): void {
    this.cancel = this.timers.schedule(ms, () => {
      const quiet = this.timers.now() - this.lastHeard;
      if (quiet >= this.timeoutMs) {
        this.cancel = undefined;
        this.onSilent();
      } else {
        this.arm(this.timeoutMs - quiet);
      }
    });
  }
}
