import { expect } from 'chai';
import { PositionTracker } from './position-tracker.ts';

describe('PositionTracker', () => {
  it('is reached once every consumer is at the position', () => {
    const tracker = new PositionTracker();
    tracker.set('a', 5);
    tracker.set('b', 3);
    expect(tracker.reached(4)).to.equal(false);
    tracker.set('b', 4);
    expect(tracker.reached(4)).to.equal(true);
    expect(tracker.snapshot()).to.deep.equal({ a: 5, b: 4 });
  });

  it('wakes a waiter when the last consumer arrives', async () => {
    const tracker = new PositionTracker();
    tracker.set('a', 0);
    tracker.set('b', 0);
    const waiting = tracker.waitFor(10, 10_000);
    tracker.set('a', 10);
    tracker.set('b', 12);
    expect(await waiting).to.equal(true);
  });

  it('answers false after the timeout', async () => {
    const tracker = new PositionTracker();
    tracker.set('a', 1);
    expect(await tracker.waitFor(2, 10)).to.equal(false);
  });
});
