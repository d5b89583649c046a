import { expect } from 'chai';
import { encodeEventFrame, encodeJsonEvent, encodePlainEvent } from './event-encoder.ts';

describe('event encoders', () => {
  const event = {
    headers: {
      'Event-Name': 'BACKGROUND_JOB',
      'Caller-Caller-ID-Name': 'José Á',
      variable_DP_MATCH: ['1000', '10'],
      'Content-Length': '999',
    },
    body: '+OK ✓\n',
  };

  it('writes a plain body as FreeSWITCH does: encoded values, ARRAY::, Content-Length and the body', () => {
    expect(encodePlainEvent(event).toString()).to.equal(
      'Event-Name: BACKGROUND_JOB\nCaller-Caller-ID-Name: Jos%C3%A9%20%C3%81\nvariable_DP_MATCH: ARRAY%3A%3A1000%7C%3A10\n' +
        'Content-Length: 8\n\n+OK ✓\n',
    );
  });

  it('ends a plain body without an event body with a blank line', () => {
    expect(encodePlainEvent({ headers: { 'Event-Name': 'HEARTBEAT' } }).toString()).to.equal('Event-Name: HEARTBEAT\n\n');
  });

  it('writes compact JSON with Content-Length and _body last', () => {
    expect(encodeJsonEvent(event).toString()).to.equal(
      '{"Event-Name":"BACKGROUND_JOB","Caller-Caller-ID-Name":"José Á","variable_DP_MATCH":["1000","10"],"Content-Length":"8","_body":"+OK ✓\\n"}',
    );
  });

  it('wraps an event body in a frame with Content-Length first', () => {
    const frame = encodeEventFrame({ headers: { 'Event-Name': 'HEARTBEAT' } }, 'plain').toString();
    expect(frame).to.equal('Content-Length: 23\nContent-Type: text/event-plain\n\nEvent-Name: HEARTBEAT\n\n');
  });
});
