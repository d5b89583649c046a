import { expect } from 'chai';
import { EslProtocolError } from './errors.ts';
import { parseJsonEvent } from './json-event.ts';

const parse = (text: string) => parseJsonEvent(Buffer.from(text));

describe('text/event-json', () => {
  it('reads the compact form, the body under _body', () => {
    expect(
      parse('{"Event-Name":"BACKGROUND_JOB","Job-UUID":"1f0c","Content-Length":"4","_body":"+OK\\n"}'),
    ).to.deep.equal({
      headers: { 'Event-Name': 'BACKGROUND_JOB', 'Job-UUID': '1f0c', 'Content-Length': '4' },
      body: '+OK\n',
    });
  });

  it('reads the older pretty-printed form with tabs and newlines', () => {
    const pretty = '{\n\t"Event-Name":\t"HEARTBEAT",\n\t"Core-UUID":\t"6f2e",\n\t"Idle-CPU":\t"97.5"\n}';
    expect(parse(pretty)).to.deep.equal({
      headers: { 'Event-Name': 'HEARTBEAT', 'Core-UUID': '6f2e', 'Idle-CPU': '97.5' },
    });
  });

  it('keeps arrays of strings as arrays and reads _undef_ as empty', () => {
    expect(parse('{"variable_DP_MATCH":["1000","10"],"variable_x":"_undef_"}')).to.deep.equal({
      headers: { variable_DP_MATCH: ['1000', '10'], variable_x: '' },
    });
  });

  it('accepts numbers, booleans and null as their text', () => {
    expect(parse('{"A":1,"B":true,"C":null,"D":[2,"x"]}')).to.deep.equal({
      headers: { A: '1', B: 'true', C: '', D: ['2', 'x'] },
    });
  });

  it('decodes non-ASCII values and bodies', () => {
    expect(parse('{"Caller-Caller-ID-Name":"山田 太郎","_body":"é✓"}')).to.deep.equal({
      headers: { 'Caller-Caller-ID-Name': '山田 太郎' },
      body: 'é✓',
    });
  });

  it('keeps a header named __proto__ as data', () => {
    const result = parse('{"__proto__":"_undef_","A":"1"}');
    expect(result).not.to.be.instanceOf(EslProtocolError);
    const { headers } = result as { headers: Record<string, unknown> };
    expect(Object.hasOwn(headers, '__proto__')).to.equal(true);
    expect(Object.getPrototypeOf(headers)).to.equal(Object.prototype);
  });

  it('returns bad_event_json for bytes that are not UTF-8 JSON', () => {
    const result = parseJsonEvent(Buffer.from([0x7b, 0xff, 0x7d]));
    expect((result as EslProtocolError).code).to.equal('bad_event_json');
  });

  for (const [what, text] of [
    ['invalid JSON', '{"Event-Name": '],
    ['an array', '["a"]'],
    ['null', 'null'],
    ['a nested object', '{"A":{"b":"c"}}'],
    ['an array body', '{"_body":["x"]}'],
  ] as const) {
    it(`returns bad_event_json for ${what}`, () => {
      const result = parse(text);
      expect(result).to.be.instanceOf(EslProtocolError);
      expect((result as EslProtocolError).code).to.equal('bad_event_json');
    });
  }
});
