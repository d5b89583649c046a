import { expect } from 'chai';
import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';
import { parsePlainEvent } from './plain-event.ts';

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
