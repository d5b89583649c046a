import { expect } from 'chai';
import { backOff, backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles from 100 ms and stays within 30 s', () => {
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const ceiling = Math.min(30_000, 100 * 2 ** attempt);
      const delay = backoffDelay(attempt);
      expect(delay).to.be.at.least(ceiling / 2).and.at.most(ceiling);
    }
  });

  it('returns at once when stopping', async () => {
    const controller = new AbortController();
    controller.abort();
    await backOff(30, controller.signal);
  });
});
