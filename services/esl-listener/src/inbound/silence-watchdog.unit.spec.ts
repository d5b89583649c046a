import { expect } from 'chai';
import { ManualTimers } from './manual-timers.ts';
import { SilenceWatchdog } from './silence-watchdog.ts';

describe('silence detection', () => {
  it('reports a connection that sent nothing for the time-out', () => {
    const timers = new ManualTimers();
    let silent = 0;
    new SilenceWatchdog(timers, 45_000, () => silent++).start();
    timers.advance(44_999);
    expect(silent).to.equal(0);
    timers.advance(1);
    expect(silent).to.equal(1);
    timers.advance(100_000);
    expect(silent).to.equal(1);
  });

  it('counts the time-out from the last thing heard', () => {
    const timers = new ManualTimers();
    let silent = 0;
    const watchdog = new SilenceWatchdog(timers, 45_000, () => silent++);
    watchdog.start();
    timers.advance(20_000);
    watchdog.heard();
    timers.advance(40_000);
    watchdog.heard();
    timers.advance(44_000);
    expect(silent).to.equal(0);
    timers.advance(1_000);
    expect(silent).to.equal(1);
  });

  it('reports nothing once stopped', () => {
    const timers = new ManualTimers();
    let silent = 0;
    const watchdog = new SilenceWatchdog(timers, 1000, () => silent++);
    watchdog.start();
    watchdog.stop();
    timers.advance(5000);
    expect(silent).to.equal(0);
    expect(timers.waiting).to.equal(0);
  });
});
