import { expect } from 'chai';
import fc from 'fast-check';
import { msSincePayloadTimestamp, msSinceTimestamp } from '../bench/esl-timestamps.ts';

// The benchmark's reader of published timestamps (six fractional digits, read by the kernel's
// epochMicrosOf, which parses each second once): it must agree with a plain parse.
const iso = (micros: number): string => `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
const plainMsSince = (timestamp: string, nowMicros: number): number =>
  (nowMicros - (Date.parse(timestamp) * 1000 + Number(timestamp.slice(23, 26)))) / 1000;

describe('the ESL benchmark timestamps', () => {
  it('measures the time since an instant as Date.parse would', () => {
    const now = Date.UTC(2026, 10, 26) * 1000;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: now - 5_000_000, max: now }), { minLength: 1, maxLength: 20 }), (instants) => {
        for (const micros of instants) {
          const timestamp = iso(micros);
          const before = Date.now() * 1000;
          const measured = msSinceTimestamp(timestamp);
          const after = (Date.now() + 1) * 1000;
          expect(measured).to.be.within(plainMsSince(timestamp, before) - 1, plainMsSince(timestamp, after) + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("finds the timestamp in a payload's bytes", () => {
    const timestamp = iso(Date.now() * 1000 - 2_500);
    const payload = Buffer.from(JSON.stringify({ node: 'fs1', name: 'HEARTBEAT', sequence: 1, coreUuid: 'c', timestamp, headers: {} }));
    expect(msSincePayloadTimestamp(payload)).to.be.within(1, 1_000);
    expect(msSincePayloadTimestamp(Buffer.from('{"node":"fs1"}'))).to.equal(undefined);
  });
});
