import { expect } from 'chai';
import { SequenceTracker } from './sequence-tracker.ts';

describe('Event-Sequence tracking', () => {
  it('follows one Core-UUID: next, gap, backwards', () => {
    const tracker = new SequenceTracker();
    expect([5, 6, 9, 7, 9, 10].map((sequence) => tracker.observe('core-a', sequence))).to.deep.equal([
      'first',
      'next',
      'gap',
      'backwards',
      'backwards',
      'next',
    ]);
    expect(tracker.lastSequence).to.equal(10);
    expect(tracker.coreUuid).to.equal('core-a');
  });

  it('starts again at a new Core-UUID', () => {
    const tracker = new SequenceTracker();
    tracker.observe('core-a', 500);
    expect(tracker.observe('core-b', 1)).to.equal('core-changed');
    expect(tracker.lastSequence).to.equal(1);
    expect(tracker.observe('core-b', 2)).to.equal('next');
  });

  it('leaves out what an event does not carry', () => {
    const tracker = new SequenceTracker();
    expect(tracker.observe('', 0)).to.equal('untracked');
    expect(tracker.observe('', 3)).to.equal('first');
    expect(tracker.observe('core-a', 0)).to.equal('first');
    expect(tracker.lastSequence).to.equal(undefined);
    expect(tracker.observe('', 4)).to.equal('first');
    expect(tracker.observe('core-a', 5)).to.equal('next');
  });
});
