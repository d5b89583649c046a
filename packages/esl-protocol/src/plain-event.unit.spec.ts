import { expect } from 'chai';
import fc from 'fast-check';
import { EslProtocolError } from './errors.ts';
import { header, type EslEvent } from './event.ts';
import { FrameParser } from './frame-parser.ts';
import { classifyFrame, type EventMessage } from './frames.ts';
import { parsePlainEvent, scanPlainEvent } from './plain-event.ts';
import { IDENTITY_HEADERS } from './scanned-event.ts';
import { realisticTraffic } from './testing/index.ts';

const parse = (text: string | Buffer): EslEvent => {
  const result = parsePlainEvent(typeof text === 'string' ? Buffer.from(text) : text);
  if (result instanceof EslProtocolError) throw result;
  return result;
};

describe('text/event-plain', () => {
  it('reads Name: value lines, percent-decoding every value', () => {
    const event = parse(
      'Event-Name: CHANNEL_ANSWER\nEvent-Date-GMT: Wed,%2001%20May%202024%2012%3A00%3A00%20GMT\n' +
        'Caller-Caller-ID-Name: Jos%C3%A9%20%C3%81lvarez\nCaller-Destination-Number: %2B15550100\n\n',
    );
    expect(event).to.deep.equal({
      headers: {
        'Event-Name': 'CHANNEL_ANSWER',
        'Event-Date-GMT': 'Wed, 01 May 2024 12:00:00 GMT',
        'Caller-Caller-ID-Name': 'José Álvarez',
        'Caller-Destination-Number': '+15550100',
      },
    });
  });

  it('reads _undef_ as an empty string', () => {
    expect(parse('variable_x: _undef_\n\n').headers).to.deep.equal({ variable_x: '' });
  });

  it('reads ARRAY::a|:b|:c as an array, whether FreeSWITCH encoded the separators or not', () => {
    expect(parse('variable_DP_MATCH: ARRAY%3A%3A1000%7C%3A10%2000\n\n').headers).to.deep.equal({
      variable_DP_MATCH: ['1000', '10 00'],
    });
    expect(parse('v: ARRAY::a|:b|:c\n\n').headers).to.deep.equal({ v: ['a', 'b', 'c'] });
  });

  it('reads the inner body after Content-Length and a blank line, counted in bytes', () => {
    const body = Buffer.from('+OK ✓ done\n\nline 3 with Name: colon\n');
    const event = parse(
      Buffer.concat([Buffer.from(`Event-Name: BACKGROUND_JOB\nJob-UUID: 1f0c\nContent-Length: ${body.length}\n\n`), body]),
    );
    expect(event.body).to.equal('+OK ✓ done\n\nline 3 with Name: colon\n');
    expect(event.headers['Content-Length']).to.equal(String(body.length));
  });

  it('ignores bytes after the blank line when there is no Content-Length', () => {
    expect(parse('Event-Name: HEARTBEAT\n\ntrailing')).to.deep.equal({ headers: { 'Event-Name': 'HEARTBEAT' } });
  });

  it('accepts a block without its final blank line', () => {
    expect(parse('Event-Name: HEARTBEAT\nA: 1').headers).to.deep.equal({ 'Event-Name': 'HEARTBEAT', A: '1' });
  });

  it('never throws on invalid percent-encoding: %E9 alone, %ZZ, a lone %', () => {
    expect(parse('A: caf%E9\nB: %ZZ\nC: 100%\nD: %\n\n').headers).to.deep.equal({
      A: 'caf\uFFFD',
      B: '%ZZ',
      C: '100%',
      D: '%',
    });
  });

  it('decodes raw non-ASCII and CRLF blocks the same as FreeSWITCH\'s encoded ones', () => {
    const body = Buffer.from('é');
    const raw = Buffer.concat([Buffer.from('Caller-Caller-ID-Name: José%20Á\r\nContent-Length: 2\r\n\r\n'), body]);
    expect(parse(raw)).to.deep.equal({ headers: { 'Caller-Caller-ID-Name': 'José Á', 'Content-Length': '2' }, body: 'é' });
  });

  it('replaces invalid UTF-8 in the inner body without losing the bytes after it', () => {
    const event = parse(Buffer.concat([Buffer.from('Content-Length: 3\n\n'), Buffer.from([0xe9, 0x61, 0x62])]));
    expect(event.body).to.equal('\uFFFDab');
  });

  it('keeps the last value of a repeated header, and a header named __proto__ as data', () => {
    const event = parse('A: 1\nA: 2\n__proto__: x\n\n');
    expect(event.headers.A).to.equal('2');
    expect(Object.hasOwn(event.headers, '__proto__')).to.equal(true);
    expect(Object.getPrototypeOf(event.headers)).to.equal(Object.prototype);
  });

  it('returns bad_event_plain for a line without a name, or an inner Content-Length that does not fit', () => {
    for (const text of ['no colon here\n\n', ': v\n\n', 'Content-Length: 10\n\nshort', 'Content-Length: x\n\n']) {
      const result = parsePlainEvent(Buffer.from(text));
      expect(result, text).to.be.instanceOf(EslProtocolError);
      expect((result as EslProtocolError).code).to.equal('bad_event_plain');
    }
  });
});

describe('text/event-plain, scanned', () => {
  /** Every identity header, as written and in two other cases, besides names that are not one. */
  const namesToAsk = [...IDENTITY_HEADERS.flatMap((name) => [name, name.toLowerCase(), name.toUpperCase()]), 'Caller-Caller-ID-Name', 'Content-Length'];
  const isLazy = (event: EslEvent): boolean => Object.getOwnPropertyDescriptor(event, 'headers')?.get !== undefined;

  /** The scan gives what the decoder gives: the same error, or an event that reads the same. */
  const expectSameAsParsed = (bytes: Buffer): EslEvent | EslProtocolError => {
    const parsed = parsePlainEvent(bytes);
    const scanned = scanPlainEvent(bytes);
    if (parsed instanceof EslProtocolError) {
      expect(scanned).to.be.instanceOf(EslProtocolError);
      expect({ ...(scanned as EslProtocolError), message: (scanned as EslProtocolError).message }).to.deep.equal({ ...parsed, message: parsed.message });
      return scanned;
    }
    expect(scanned).not.to.be.instanceOf(EslProtocolError);
    const event = scanned as EslEvent;
    // Identity headers first, before anything decodes the rest.
    for (const name of namesToAsk) expect(header(event, name), name).to.deep.equal(header(parsed, name));
    expect(event).to.deep.equal(parsed);
    expect(Object.keys(event)).to.deep.equal(Object.keys(parsed));
    return event;
  };

  it('answers the identity headers at once and decodes the rest on first use', () => {
    const bytes = Buffer.from(
      'Event-Name: CUSTOM\nCore-UUID: c0re\nEvent-Subclass: sofia%3A%3Aregister\nEvent-Sequence: 42\n' +
        'Event-Date-GMT: Wed,%2001%20May%202024%2012%3A00%3A00%20GMT\nUnique-ID: ARRAY::u1|:u2\nfrom-user: 1000\nContent-Length: 4\n\n+OK\n',
    );
    const event = scanPlainEvent(bytes) as EslEvent;
    expect(isLazy(event)).to.equal(true);
    expect(header(event, 'Event-Subclass')).to.equal('sofia::register');
    expect(header(event, 'event-date-gmt')).to.equal('Wed, 01 May 2024 12:00:00 GMT');
    expect(header(event, 'Unique-ID')).to.deep.equal(['u1', 'u2']);
    expect(header(event, 'from-user')).to.equal('1000');
    expect(event.body).to.equal('+OK\n');
    expectSameAsParsed(bytes);
  });

  it('reads a repeated identity header as a decoded object does: the last value, the first spelling of another case', () => {
    const event = expectSameAsParsed(Buffer.from('EVENT-NAME: A\nEvent-Sequence: 1\nevent-name: B\nEVENT-NAME: C\nEvent-Sequence: 2\n\n')) as EslEvent;
    expect(header(event, 'Event-Name')).to.equal('C');
    expect(header(event, 'event-name')).to.equal('B');
  });

  it('decodes an identity value with non-ASCII escapes, _undef_, or no space after the colon', () => {
    const event = expectSameAsParsed(Buffer.from('Event-Name:HEARTBEAT\nCore-UUID: caf%C3%A9%E9\nUnique-ID: _undef_\n\n')) as EslEvent;
    expect(header(event, 'Core-UUID')).to.equal('café\uFFFD');
    expect(header(event, 'Unique-ID')).to.equal('');
  });

  it('returns the decoder\'s error for a line without a name, or an inner Content-Length that does not fit', () => {
    for (const text of ['no colon here\n\n', ': v\n\n', 'Event-Name: A\nx\n\n', 'Content-Length: 10\n\nshort', 'Content-Length: x\n\n', 'Content-Length: 1\nContent-Length: %32\n\nx']) {
      expect(expectSameAsParsed(Buffer.from(text)), text).to.be.instanceOf(EslProtocolError);
    }
  });

  it('decodes a header block that is not ASCII with LF line ends at once', () => {
    for (const text of ['Event-Name: HEARTBEAT\r\n\r\n', 'Event-Name: HÉARTBEAT\n\n']) {
      const event = expectSameAsParsed(Buffer.from(text)) as EslEvent;
      expect(isLazy(event), text).to.equal(false);
    }
  });

  it('scans every event of realistic traffic, each read like the decoder', () => {
    const { frames } = new FrameParser().push(realisticTraffic(300, { format: 'plain', seed: 7 }));
    expect(frames).to.have.length(300);
    for (const frame of frames) {
      const message = classifyFrame(frame);
      expect(message.type).to.equal('event');
      expect(isLazy((message as EventMessage).event)).to.equal(true);
      expectSameAsParsed(frame.body!);
    }
  });

  it('reads any header block as the decoder does (property)', () => {
    const binary = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
    const identityName = fc.constantFrom(...IDENTITY_HEADERS).chain((name) => fc.constantFrom(name, name.toLowerCase(), name.toUpperCase()));
    const name = fc.oneof(identityName, fc.constantFrom('Content-Length', 'Content-length', '__proto__', ''), binary(12));
    const value = fc.oneof(
      binary(20),
      fc.constantFrom('_undef_', 'ARRAY::a|:b', 'ARRAY%3A%3Aa%7C%3Ab', '%E9', '%C3%A9', '%ZZ', '%', '4', '0', ' x', '99999'),
    );
    const line = fc.oneof(
      { weight: 6, arbitrary: fc.tuple(name, fc.constantFrom(': ', ':'), value).map(([n, colon, v]) => `${n}${colon}${v}`) },
      { weight: 1, arbitrary: binary(12) },
    );
    const block = fc
      .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n\n', '\n', '', '\r\n\r\n'), binary(8))
      .map(([lines, ending, rest]) => Buffer.from(lines.join('\n') + ending + rest, 'latin1'));
    fc.assert(
      fc.property(block, (bytes) => {
        expectSameAsParsed(bytes);
      }),
      { numRuns: 3000 },
    );
  });
});
