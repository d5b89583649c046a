import { expect } from 'chai';
import { epochMicrosOf, instantFromEpochMicros, type Instant } from '@sapien/kernel';
import { microsOf } from './instant-micros.ts';

describe('microsOf', () => {
  it('reads every instant as epochMicrosOf does, within a second and across seconds', () => {
    const start = epochMicrosOf('2026-03-01T23:59:58.999990Z' as Instant);
    for (let step = 0n; step < 3_000_000n; step += 99_991n) {
      const instant = instantFromEpochMicros(start + step);
      expect(microsOf(instant), instant).to.equal(start + step);
      expect(microsOf(instant), `${instant} again`).to.equal(start + step);
    }
  });

  it('refuses what is not an instant, as epochMicrosOf does', () => {
    expect(() => microsOf('2026-03-01T12:00:00Z' as Instant)).to.throw(TypeError);
  });
});
