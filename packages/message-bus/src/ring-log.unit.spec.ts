import { expect } from 'chai';
import { RingLog } from './ring-log.ts';

describe('RingLog', () => {
  it('numbers entries from 1', () => {
    const log = new RingLog<string>(3);
    expect(log.append('a')).to.equal(1);
    expect(log.append('b')).to.equal(2);
    expect(log.at(1)).to.equal('a');
    expect(log.at(3)).to.equal(undefined);
  });

  it('forgets the oldest entries beyond its capacity', () => {
    const log = new RingLog<number>(3);
    for (let i = 1; i <= 5; i++) log.append(i);
    expect(log.firstSequence).to.equal(3);
    expect(log.size).to.equal(3);
    expect(log.at(2)).to.equal(undefined);
    expect([3, 4, 5].map((sequence) => log.at(sequence))).to.deep.equal([3, 4, 5]);
  });
});
