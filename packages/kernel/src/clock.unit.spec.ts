import { expect } from 'chai';
import fc from 'fast-check';
import { FixedClock, SystemClock, epochMicrosOf, instantFromEpochMicros, parseInstant } from './clock.ts';

describe('Clock', () => {
  it('formats instants with exactly six fractional digits', () => {
    expect(instantFromEpochMicros(1_764_122_889_123_456n)).to.equal('2025-11-26T02:08:09.123456Z');
  });

  it('round-trips microseconds through an instant, in any order, within a second and across seconds', () => {
    for (const micros of [0n, 1n, 999n, 1_000n, 1_764_122_889_123_456n]) {
      expect(epochMicrosOf(instantFromEpochMicros(micros))).to.equal(micros);
    }
    const micros = fc.oneof(fc.bigInt({ min: -62_135_596_800_000_000n, max: 253_402_300_799_999_999n }), fc.bigInt({ min: 1_700_000_000_000_000n, max: 1_700_000_002_000_000n }));
    fc.assert(
      fc.property(fc.array(micros, { minLength: 1, maxLength: 20 }), (values) => {
        for (const value of values) expect(epochMicrosOf(instantFromEpochMicros(value))).to.equal(value);
      }),
      { numRuns: 500 },
    );
  });

  it('formats any instant as the Date of its millisecond and three more digits, in any order, as a bigint or a number', () => {
    const reference = (micros: bigint): string => {
      const iso = new Date(Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n))).toISOString();
      return `${iso.slice(0, -1)}${String(Number(((micros % 1000n) + 1000n) % 1000n)).padStart(3, '0')}Z`;
    };
    // Within ±8.64e18 µs, Date's range; most of them beyond 2^53, where numbers are not exact.
    const micros = fc.oneof(fc.bigInt({ min: -8_640_000_000_000_000n, max: 8_640_000_000_000_000n }), fc.bigInt({ min: 1_700_000_000_000_000n, max: 1_700_000_002_000_000n }));
    fc.assert(
      fc.property(fc.array(micros, { minLength: 1, maxLength: 20 }), (values) => {
        for (const value of values) {
          expect(instantFromEpochMicros(value)).to.equal(reference(value));
          if (Number.isSafeInteger(Number(value))) expect(instantFromEpochMicros(Number(value))).to.equal(reference(value));
        }
      }),
      { numRuns: 500 },
    );
    expect(instantFromEpochMicros(-1n)).to.equal('1969-12-31T23:59:59.999999Z');
    for (const value of [-5_000_000_000_000_000_123n, 5_000_000_000_000_000_123n, -9_007_199_254_740_993n, 9_007_199_254_740_993n]) {
      expect(instantFromEpochMicros(value)).to.equal(reference(value));
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
