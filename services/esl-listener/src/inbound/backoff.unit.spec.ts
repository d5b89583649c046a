import { expect } from 'chai';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.ts';

describe('reconnect back-off', () => {
  it('waits the minimum after a working connection dropped', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.99)).to.equal(100);
  });

  it('spreads each attempt over a window doubling up to the maximum', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).to.equal(100);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 1)).to.equal(200);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.5)).to.equal(450);
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 1)).to.equal(10_000);
    expect(backoffDelay(5000, DEFAULT_BACKOFF, () => 1)).to.equal(10_000);
  });

  it('stays within its bounds whatever the random source returns', () => {
    for (const random of [-1, 0, 0.3, 1, 7, Number.NaN]) {
      const delay = backoffDelay(4, DEFAULT_BACKOFF, () => random);
      expect(delay).to.be.within(100, 1600);
    }
  });
});
