import { expect } from 'chai';
import { FixedClock, SystemClock, epochMicrosOf, instantFromEpochMicros, parseInstant } from './clock.ts';

describe('Clock', () => {
  it('formats instants with exactly six fractional digits', () => {
    expect(instantFromEpochMicros(1_764_122_889_123_456n)).to.equal('2025-11-26T02:08:09.123456Z');
  });

  it('round-trips microseconds through an instant', () => {
    for (const micros of [0n, 1n, 999n, 1_000n, 1_764_122_889_123_456n]) {
      expect(epochMicrosOf(instantFromEpochMicros(micros))).to.equal(micros);
    }
  });

  it('parses ISO-8601 with fewer digits into the canonical form', () => {
    expect(parseInstant('2026-01-01T00:00:00Z')).to.equal('2026-01-01T00:00:00.000000Z');
    expect(parseInstant('2026-01-01T00:00:00.5Z')).to.equal('2026-01-01T00:00:00.500000Z');
  });

  it('never goes backwards on the system clock, even within one microsecond', () => {
    const clock = new SystemClock();
    let previous = clock.now();
    for (let i = 0; i < 1000; i++) {
      const next = clock.now();
      expect(epochMicrosOf(next) > epochMicrosOf(previous)).to.equal(true);
      previous = next;
    }
  });

  it('moves a fixed clock only when told', () => {
    const clock = new FixedClock('2026-01-01T00:00:00Z');
    expect(clock.now()).to.equal(clock.now());
    clock.advance(1_500_000);
    expect(clock.now()).to.equal('2026-01-01T00:00:01.500000Z');
  });
});
