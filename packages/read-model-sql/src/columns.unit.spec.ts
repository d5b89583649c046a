import { expect } from 'chai';
import fc from 'fast-check';
import { instantFromEpochMicros, newId } from '@sapien/kernel';
import type { Instant } from '@sapien/kernel';
import { fromDbPkDateTime, toDbPkDateTime } from './pk-datetime-column.ts';
import { fromDbUuid, toDbUuid } from './uuid-column.ts';

/** Instants from 1970 to 9999, to the microsecond. */
const micros = fc.bigInt({ min: 0n, max: 253_402_300_799_999_999n });
const instants = micros.map(instantFromEpochMicros);

describe('pkdatetime conversion', () => {
  it('writes the Instant text on both dialects', () => {
    const instant = '2026-11-26T02:08:09.123456Z' as Instant;
    expect(toDbPkDateTime(instant, 'sqlite')).to.equal(instant);
    expect(toDbPkDateTime(instant, 'postgres')).to.equal(instant);
  });

  it('round-trips any instant through the SQLite text', () => {
    fc.assert(fc.property(instants, (instant) => fromDbPkDateTime(toDbPkDateTime(instant, 'sqlite'), 'sqlite') === instant));
  });

  it('keeps text order equal to time order on SQLite', () => {
    fc.assert(
      fc.property(micros, micros, (a, b) => {
        const [x, y] = [toDbPkDateTime(instantFromEpochMicros(a), 'sqlite'), toDbPkDateTime(instantFromEpochMicros(b), 'sqlite')];
        return (x < y) === (a < b) && (x === y) === (a === b);
      }),
    );
  });

  it('reads PostgreSQL timestamp text, trimmed fractions and offsets included', () => {
    expect(fromDbPkDateTime('2026-01-02 03:04:05.123456+00', 'postgres')).to.equal('2026-01-02T03:04:05.123456Z');
    expect(fromDbPkDateTime('2026-01-02 03:04:05.1+00', 'postgres')).to.equal('2026-01-02T03:04:05.100000Z');
    expect(fromDbPkDateTime('2026-01-02 03:04:05+00', 'postgres')).to.equal('2026-01-02T03:04:05.000000Z');
    expect(fromDbPkDateTime('2026-01-02 05:34:05.000001+02:30', 'postgres')).to.equal('2026-01-02T03:04:05.000001Z');
    expect(fromDbPkDateTime('2026-01-02 03:04:05.5', 'postgres')).to.equal('2026-01-02T03:04:05.500000Z');
  });

  it('refuses a JS Date rather than losing microseconds', () => {
    expect(() => fromDbPkDateTime(new Date(), 'postgres')).to.throw(TypeError, /as text/);
  });

  it('refuses a value that is not an instant', () => {
    expect(() => toDbPkDateTime('2026-01-01T00:00:00Z' as Instant, 'sqlite')).to.throw(TypeError);
    expect(() => fromDbPkDateTime('yesterday', 'sqlite')).to.throw(TypeError);
  });
});

describe('uuid conversion', () => {
  it('stores canonical lowercase text', () => {
    expect(toDbUuid('0190F4D2-7A8B-7C3D-8E9F-0A1B2C3D4E5F')).to.equal('0190f4d2-7a8b-7c3d-8e9f-0a1b2c3d4e5f');
  });

  it('round-trips generated ids', () => {
    for (let i = 0; i < 100; i += 1) {
      const id = newId();
      expect(fromDbUuid(toDbUuid(id))).to.equal(id);
    }
  });

  it('reads 16 raw bytes', () => {
    const bytes = Buffer.from('0190f4d27a8b7c3d8e9f0a1b2c3d4e5f', 'hex');
    expect(fromDbUuid(bytes)).to.equal('0190f4d2-7a8b-7c3d-8e9f-0a1b2c3d4e5f');
  });

  it('refuses what is not a UUID', () => {
    expect(() => toDbUuid('not-a-uuid')).to.throw(/not a UUID/);
    expect(() => fromDbUuid(42)).to.throw(TypeError);
  });
});
