import { isUtf8 } from 'node:buffer';
import { expect } from 'chai';
import fc from 'fast-check';
import { eventJson, scanJsonEvent } from './compact-json-event.ts';
import { IDENTITY_HEADERS } from './scanned-event.ts';
import { EslProtocolError } from './errors.ts';
import { encodeJsonEvent } from './event-encoder.ts';
import { header, type EslEvent } from './event.ts';
import { classifyFrame } from './frames.ts';
import { parseJsonEvent } from './json-event.ts';
import { realisticTraffic } from './testing/index.ts';
import { FrameParser } from './frame-parser.ts';

const bytesOf = (text: string): Buffer => Buffer.from(text, 'utf8');
const decoded = (bytes: Buffer): EslEvent => {
  const event = parseJsonEvent(bytes);
  if (event instanceof EslProtocolError) throw event;
  return event;
};
const plain = (event: EslEvent): EslEvent => (event.body === undefined ? { headers: event.headers } : { headers: event.headers, body: event.body });

/** Every identity header, as written and in two other cases, besides a name that is not one. */
const namesToAsk = [...IDENTITY_HEADERS.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]), 'Caller-Caller-ID-Name', 'Job-UUID'];

/** The scanned event reads like the decoded one, and its JSON says the same. */
const expectSameAsDecoded = (bytes: Buffer, scanned: EslEvent): void => {
  const reference = decoded(bytes);
  for (const name of namesToAsk) expect(header(scanned, name), name).to.deep.equal(header(reference, name));
  expect(plain(scanned)).to.deep.equal(plain(reference));
  const json = eventJson(scanned)!;
  expect(json.headers.includes(0x0a), 'a raw newline in the headers JSON').to.equal(false);
  expect(JSON.parse(json.headers.toString('utf8'))).to.deep.equal(reference.headers);
  expect(json.body === undefined ? undefined : JSON.parse(json.body.toString('utf8'))).to.equal(reference.body);
};

describe('compact event-json, scanned', () => {
  it('answers the identity headers of an event FreeSWITCH wrote, and decodes the rest on first use', () => {
    const bytes = bytesOf('{"Event-Name":"BACKGROUND_JOB","Core-UUID":"c0re","Event-Sequence":"42","Job-UUID":"1f0c","Content-Length":"4","_body":"+OK\\n"}');
    const event = scanJsonEvent(bytes)!;
    expect(header(event, 'Event-Name')).to.equal('BACKGROUND_JOB');
    expect(header(event, 'event-sequence')).to.equal('42');
    expect(header(event, 'Unique-ID')).to.equal(undefined);
    expect(header(event, 'Job-UUID')).to.equal('1f0c');
    expect(event.body).to.equal('+OK\n');
    expect(JSON.parse(JSON.stringify(event))).to.deep.equal({
      headers: { 'Event-Name': 'BACKGROUND_JOB', 'Core-UUID': 'c0re', 'Event-Sequence': '42', 'Job-UUID': '1f0c', 'Content-Length': '4' },
      body: '+OK\n',
    });
    expectSameAsDecoded(bytes, event);
  });

  it('gives back the headers without _body and the body as a JSON string, for passing on', () => {
    const event = scanJsonEvent(bytesOf('{"Event-Name":"CUSTOM","Event-Subclass":"sofia::register","_body":"a \\"quoted\\" line"}'))!;
    const json = eventJson(event)!;
    expect(json.headers.toString()).to.equal('{"Event-Name":"CUSTOM","Event-Subclass":"sofia::register"}');
    expect(json.body?.toString()).to.equal('"a \\"quoted\\" line"');
    expect(eventJson(scanJsonEvent(bytesOf('{"Event-Name":"HEARTBEAT"}'))!)).to.deep.equal({ headers: bytesOf('{"Event-Name":"HEARTBEAT"}') });
    expect(eventJson(decoded(bytesOf('{"Event-Name":"HEARTBEAT"}')))).to.equal(undefined);
  });

  it('decodes escapes, arrays and non-ASCII in identity values', () => {
    const bytes = bytesOf('{"Event-Name":"CUSTOM","Event-Subclass":"a\\u00e9\\/b","Unique-ID":["u1","u2"],"Core-UUID":"c\\u0000ore é✓"}');
    const event = scanJsonEvent(bytes)!;
    expect(header(event, 'Event-Subclass')).to.equal('aé/b');
    expect(header(event, 'Unique-ID')).to.deep.equal(['u1', 'u2']);
    expect(header(event, 'Core-UUID')).to.equal('c\u0000ore é✓');
    expectSameAsDecoded(bytes, event);
  });

  it('reads a repeated identity header as a decoded object does: the last value, the first spelling of another case', () => {
    const bytes = bytesOf('{"EVENT-NAME":"A","Event-Sequence":"1","event-name":"B","EVENT-NAME":"C","Event-Sequence":"2"}');
    const event = scanJsonEvent(bytes)!;
    expect(header(event, 'Event-Name')).to.equal('C');
    expect(header(event, 'event-name')).to.equal('B');
    expect(header(event, 'Event-Sequence')).to.equal('2');
    expectSameAsDecoded(bytes, event);
  });

  it('is not fooled by identity names inside values or keys', () => {
    const bytes = bytesOf('{"X":"\\"Event-Name\\":\\"FAKE\\"","Y\\"Event-Name":"no","Event-Name":"REAL"}');
    // A key with an escape is beyond the compact form: the general decoder takes it.
    expect(scanJsonEvent(bytes)).to.equal(undefined);
    const inValue = bytesOf('{"X":",\\"Event-Name\\":\\"FAKE\\"","Event-Name":"REAL","Z":"{\\"Unique-ID\\":\\"u\\""}');
    const event = scanJsonEvent(inValue)!;
    expect(header(event, 'Event-Name')).to.equal('REAL');
    expect(header(event, 'Unique-ID')).to.equal(undefined);
    expectSameAsDecoded(inValue, event);
  });

  for (const [what, text] of [
    ['the older pretty-printed form', '{\n\t"Event-Name":\t"HEARTBEAT"\n}'],
    ['an _undef_ value', '{"Event-Name":"HEARTBEAT","variable_x":"_undef_"}'],
    ['a number', '{"Event-Name":"HEARTBEAT","Idle-CPU":97}'],
    ['null', '{"Event-Name":"HEARTBEAT","X":null}'],
    ['_body before another header', '{"_body":"x","Event-Name":"HEARTBEAT"}'],
    ['_body alone', '{"_body":"x"}'],
    ['an empty object', '{}'],
    ['a raw control character in a string', '{"Event-Name":"HEART\tBEAT"}'],
    ['an invalid escape', '{"Event-Name":"\\x41"}'],
    ['invalid JSON', '{"Event-Name": '],
    ['a nested object', '{"A":{"b":"c"}}'],
  ] as const) {
    it(`leaves ${what} to the general decoder`, () => {
      expect(scanJsonEvent(bytesOf(text))).to.equal(undefined);
    });
  }

  it('leaves invalid UTF-8 to the general decoder, which replaces it', () => {
    const bytes = Buffer.concat([bytesOf('{"Event-Name":"A'), Buffer.from([0xff]), bytesOf('"}')]);
    expect(scanJsonEvent(bytes)).to.equal(undefined);
    expect(classifyFrame({ headers: [], contentType: 'text/event-json', body: bytes, bytes: 0 })).to.deep.include({
      type: 'event',
      event: { headers: { 'Event-Name': 'A\uFFFD' } },
    });
  });

  it('scans every event of realistic traffic and reads each like the decoder', () => {
    const { frames } = new FrameParser().push(realisticTraffic(300, { format: 'json', seed: 7 }));
    expect(frames).to.have.length(300);
    for (const frame of frames) {
      const scanned = scanJsonEvent(frame.body!);
      expect(scanned, frame.body!.toString().slice(0, 80)).not.to.equal(undefined);
      expectSameAsDecoded(frame.body!, scanned!);
    }
  });

  describe('properties', () => {
    const text = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
    const identityName = fc.constantFrom(...IDENTITY_HEADERS).chain((name) => fc.constantFrom(name, name.toLowerCase(), name.toUpperCase()));
    const key = fc.oneof(identityName, text(12), fc.constantFrom('_body', '__proto__', 'Content-Length'));
    const value = fc.oneof(
      { weight: 4, arbitrary: text(20).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.array(text(6), { maxLength: 3 }).map((items) => JSON.stringify(items)) },
      { weight: 1, arbitrary: fc.constantFrom('"_undef_"', '12', 'null', 'true', '"\\u00e9"', '"\\ud83d\\ude00"', '"a\\/b"') },
    );
    // Objects written member by member, so keys repeat and _body may stand anywhere.
    const objectText = fc
      .tuple(fc.array(fc.tuple(key, value), { maxLength: 10 }), fc.option(text(30), { nil: undefined }), fc.nat(3).map((n) => n === 0))
      .map(([members, body, pretty]) => {
        const parts = members.map(([k, v]) => `${JSON.stringify(k)}:${v}`);
        if (body !== undefined) parts.push(`"_body":${JSON.stringify(body)}`);
        return pretty ? `{\n\t${parts.join(',\n\t')}\n}` : `{${parts.join(',')}}`;
      });

    it('reads any compact object as the decoder does, or leaves it to the decoder', () => {
      fc.assert(
        fc.property(objectText, (json) => {
          const bytes = bytesOf(json);
          const scanned = scanJsonEvent(bytes);
          if (scanned === undefined) return;
          expectSameAsDecoded(bytes, scanned);
        }),
        { numRuns: 2000 },
      );
    });

    it('scans everything encodeJsonEvent writes with keys that need no escape and no _undef_ value', () => {
      fc.assert(
        fc.property(
          fc.dictionary(text(12).filter((name) => name !== '_body' && name !== 'Content-Length' && JSON.stringify(name) === `"${name}"`), fc.oneof(text(20).filter((v) => v !== '_undef_'), fc.array(text(6), { maxLength: 3 })), { maxKeys: 10 }),
          fc.option(text(40), { nil: undefined }),
          (headers, body) => {
            fc.pre(Object.keys(headers).length > 0);
            const bytes = encodeJsonEvent(body === undefined ? { headers } : { headers, body });
            const scanned = scanJsonEvent(bytes);
            expect(scanned).not.to.equal(undefined);
            expectSameAsDecoded(bytes, scanned!);
          },
        ),
        { numRuns: 500 },
      );
    });

    const pieces = fc.array(fc.oneof(fc.constantFrom('{', '}', '"', ':', ',', '[', ']', '\\', '\\u00', '"Event-Name":', '"_body":', '"_undef_"'), text(4)), { maxLength: 30 });

    // The compact form as a grammar, written as a regular expression over the bytes read as latin1
    // (multi-byte UTF-8 passes as characters ≥ 0x80): the scanner accepts exactly what it does.
    const STRING = String.raw`"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"`;
    const KEY = String.raw`(?!"_body")"[^"\\\x00-\x1f]*"`;
    const ARRAY = `\\[(?:${STRING}(?:,${STRING})*)?\\]`;
    const MEMBER = `${KEY}:(?:(?!"_undef_")${STRING}|${ARRAY})`;
    const COMPACT_FORM = new RegExp(`^\\{${MEMBER}(?:,${MEMBER})*(?:,"_body":${STRING})?\\}$`);
    const inCompactForm = (bytes: Buffer): boolean => isUtf8(bytes) && COMPACT_FORM.test(bytes.toString('latin1'));

    it('takes exactly the objects of the compact form', () => {
      const bytes = fc.oneof(
        objectText.map(bytesOf),
        pieces.map((p) => bytesOf(`{${p.join('')}}`)),
        fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.concat([bytesOf('{"a":"'), Buffer.from(b), bytesOf('"}')])),
      );
      fc.assert(
        fc.property(bytes, (candidate) => {
          expect(scanJsonEvent(candidate) !== undefined, candidate.toString('latin1')).to.equal(inCompactForm(candidate));
        }),
        { numRuns: 5000 },
      );
    });

    it('never throws on garbage', () => {
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), pieces.map((p) => bytesOf(p.join('')))), (bytes) => {
          const scanned = scanJsonEvent(bytes);
          if (scanned !== undefined) expectSameAsDecoded(bytes, scanned);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
