import { expect } from 'chai';
import fc from 'fast-check';
import type { EslProtocolError } from './errors.ts';
import { encodeJsonEvent, encodePlainEvent } from './event-encoder.ts';
import type { EslEvent } from './event.ts';
import { encodeFrame } from './frame-encoder.ts';
import { FrameParser } from './frame-parser.ts';
import { classifyFrame } from './frames.ts';
import { parseJsonEvent } from './json-event.ts';
import { parsePlainEvent } from './plain-event.ts';
import type { RawFrame } from './raw-frame.ts';

const text = (constraints: fc.StringConstraints = {}) => fc.string({ unit: 'binary', ...constraints });
const lineSafe = (value: string) => !/[\r\n]/.test(value);

// A header name the line grammar can carry; Content-Length is the encoder's to write.
const headerName = text({ minLength: 1, maxLength: 20 }).filter(
  (name) => lineSafe(name) && !name.includes(':') && name.toLowerCase() !== 'content-length',
);
const body = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  text({ maxLength: 100 }).map((value) => Buffer.from(value, 'utf8')),
);
const frameSpec = fc.record({
  headers: fc.array(fc.tuple(headerName, text({ maxLength: 40 }).filter(lineSafe)), { minLength: 1, maxLength: 8 }),
  body: fc.option(body, { nil: undefined }),
});
const splitPoints = fc.array(fc.nat(), { maxLength: 12 });
// Random bytes rarely look like ESL; pieces of it reach the parser's deeper states.
const garbage = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('Content-Length: ', 'Content-Type: ', 'text/event-plain', 'api/response', ':', ': ', '\n', '\r\n', '\n\n', '%', '%E9', '-1', '99999999999'),
        fc.nat({ max: 300 }).map(String),
        text({ maxLength: 8 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => new Uint8Array(Buffer.from(parts.join('')))),
);

const chunksAt = (wire: Buffer, points: readonly number[]): Buffer[] => {
  const cuts = [...new Set(points.map((point) => point % (wire.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) {
    chunks.push(wire.subarray(from, cut));
    from = cut;
  }
  chunks.push(wire.subarray(from));
  return chunks;
};

const parseChunks = (chunks: readonly Buffer[]) => {
  const parser = new FrameParser();
  const frames: RawFrame[] = [];
  const errors: EslProtocolError[] = [];
  for (const chunk of chunks) {
    const result = parser.push(chunk);
    frames.push(...result.frames);
    if (result.error !== undefined) errors.push(result.error);
  }
  return { frames, errors, parser };
};

const comparable = (frames: readonly RawFrame[]) =>
  frames.map((frame) => ({ ...frame, headers: frame.headers.map(([n, v]) => [n, v]), body: frame.body?.toString('hex') }));

describe('properties', () => {
  describe('framing', () => {
    it('reads encoded frames back exactly, however the bytes are split', () => {
      fc.assert(
        fc.property(fc.array(frameSpec, { minLength: 1, maxLength: 5 }), splitPoints, (specs, points) => {
          const wire = Buffer.concat(specs.map((spec) => encodeFrame(spec.headers, spec.body)));
          const whole = parseChunks([wire]);
          expect(whole.errors).to.deep.equal([]);
          expect(whole.parser.pendingBytes).to.equal(0);
          expect(whole.frames.map((frame) => frame.bytes).reduce((a, b) => a + b, 0)).to.equal(wire.length);
          expect(
            whole.frames.map((frame) => ({
              headers: frame.headers.filter(([name]) => name !== 'Content-Length'),
              body: frame.body?.toString('hex'),
            })),
          ).to.deep.equal(specs.map((spec) => ({ headers: spec.headers, body: spec.body?.toString('hex') })));
          expect(comparable(parseChunks(chunksAt(wire, points)).frames)).to.deep.equal(comparable(whole.frames));
        }),
        { numRuns: 300 },
      );
    });

    it('never throws on garbage, and stays failed once it reports an error', () => {
      fc.assert(
        fc.property(garbage, splitPoints, (bytes, points) => {
          const parser = new FrameParser({ maxHeaderBytes: 256, maxContentLength: 128 });
          let failed = false;
          let consumed = 0;
          for (const chunk of chunksAt(Buffer.from(bytes), points)) {
            const result = parser.push(chunk);
            if (failed) expect(result).to.deep.equal({ frames: [] });
            consumed += result.frames.reduce((sum, frame) => sum + frame.bytes, 0);
            if (result.error !== undefined) failed = true;
            for (const frame of result.frames) expect(() => classifyFrame(frame)).not.to.throw();
          }
          expect(consumed).to.be.at.most(bytes.length);
          expect(failed).to.equal(parser.error !== undefined);
          if (!failed) expect(consumed + parser.pendingBytes).to.equal(bytes.length);
        }),
        { numRuns: 500 },
      );
    });

    it('reads the valid frames before garbage unchanged', () => {
      fc.assert(
        fc.property(fc.array(frameSpec, { minLength: 1, maxLength: 3 }), garbage, splitPoints, (specs, garbage, points) => {
          const valid = Buffer.concat(specs.map((spec) => encodeFrame(spec.headers, spec.body)));
          const expected = comparable(parseChunks([valid]).frames);
          const { frames } = parseChunks(chunksAt(Buffer.concat([valid, garbage]), points));
          expect(comparable(frames.slice(0, expected.length))).to.deep.equal(expected);
        }),
        { numRuns: 300 },
      );
    });

    it('never throws decoding garbage event bodies', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          const buffer = Buffer.from(bytes);
          expect(() => parsePlainEvent(buffer)).not.to.throw();
          expect(() => parseJsonEvent(buffer)).not.to.throw();
          const plainText = Buffer.from(`A: ${buffer.toString('latin1')}\n\n`, 'latin1');
          expect(() => parsePlainEvent(plainText)).not.to.throw();
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('event round trips', () => {
    // What FreeSWITCH's plain format cannot carry: '_undef_' and a text that looks like an array
    // are read as conventions, and '|:' separates array items.
    const plainValue = text({ maxLength: 30 }).filter((value) => value !== '_undef_' && !value.startsWith('ARRAY::'));
    const arrayItems = fc.array(text({ maxLength: 10 }).filter((item) => !item.includes('|:')), { minLength: 1, maxLength: 4 });
    const plainName = headerName.filter((name) => name !== 'Content-Length');
    const jsonName = text({ maxLength: 20 }).filter((name) => name !== 'Content-Length' && name !== '_body');
    const event = (name: fc.Arbitrary<string>, value: fc.Arbitrary<string>, items: fc.Arbitrary<string[]>) =>
      fc.record({
        headers: fc.dictionary(name, fc.oneof(value, items), { maxKeys: 12 }),
        body: fc.option(text({ maxLength: 80 }), { nil: undefined }),
      });
    const expectedOf = (e: { headers: Record<string, string | string[]>; body: string | undefined }): EslEvent =>
      e.body === undefined
        ? { headers: { ...e.headers } }
        : { headers: { ...e.headers, 'Content-Length': String(Buffer.byteLength(e.body)) }, body: e.body };

    it('decodes what encodePlainEvent writes', () => {
      fc.assert(
        fc.property(event(plainName, plainValue, arrayItems), (e) => {
          expect(parsePlainEvent(encodePlainEvent(e))).to.deep.equal(expectedOf(e));
        }),
        { numRuns: 400 },
      );
    });

    it('decodes what encodeJsonEvent writes', () => {
      const jsonValue = text({ maxLength: 30 }).filter((value) => value !== '_undef_');
      fc.assert(
        fc.property(event(jsonName, jsonValue, fc.array(text({ maxLength: 10 }), { maxLength: 4 })), (e) => {
          expect(parseJsonEvent(encodeJsonEvent(e))).to.deep.equal(expectedOf(e));
        }),
        { numRuns: 400 },
      );
    });
  });
});
