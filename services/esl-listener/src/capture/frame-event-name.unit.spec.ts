import { encodeJsonEvent, encodePlainEvent, type EslEvent } from '@sapien/esl-protocol';
import { realisticEvents } from '@sapien/esl-protocol/testing';
import { eventName, eventSubclass } from '@sapien/esl-protocol';
import { expect } from 'chai';
import type { WireFrame } from '../hub.ts';
import { frameEventName } from './frame-event-name.ts';

const frame = (contentType: string | undefined, body: string | undefined, extra: Partial<WireFrame> = {}): WireFrame => ({
  at: '2024-05-01T12:00:00.000001Z',
  node: 'fs1',
  direction: 'in',
  ...(contentType === undefined ? {} : { contentType }),
  headers: {},
  ...(body === undefined ? {} : { body }),
  ...extra,
});

const register: EslEvent = {
  headers: { 'Event-Name': 'CUSTOM', 'Core-UUID': 'c', 'Event-Subclass': 'sofia::register', 'from-user': '1000' },
  body: 'Event-Name: NOT_THIS\n',
};

describe('frameEventName', () => {
  it('reads Event-Name and the percent-encoded Event-Subclass of a plain event', () => {
    const body = encodePlainEvent(register).toString('utf8');
    expect(body).to.contain('sofia%3A%3Aregister');
    expect(frameEventName(frame('text/event-plain', body), true)).to.deep.equal({ name: 'CUSTOM', subclass: 'sofia::register' });
    expect(frameEventName(frame('text/event-plain', body), false)).to.deep.equal({ name: 'CUSTOM' });
  });

  it('reads them from a JSON event', () => {
    const body = encodeJsonEvent(register).toString('utf8');
    expect(frameEventName(frame('text/event-json', body), true)).to.deep.equal({ name: 'CUSTOM', subclass: 'sofia::register' });
  });

  it('reads them from a pretty-printed JSON event and an XML event', () => {
    const json = '{\n\t"Event-Name":\t"CHANNEL_ANSWER",\n\t"Core-UUID":\t"c"\n}';
    expect(frameEventName(frame('text/event-json', json), true)).to.deep.equal({ name: 'CHANNEL_ANSWER' });
    const xml = '<event>\n  <headers>\n    <Event-Name>CUSTOM</Event-Name>\n    <Event-Subclass>sofia%3A%3Aregister</Event-Subclass>\n  </headers>\n</event>';
    expect(frameEventName(frame('text/event-xml', xml), false)).to.deep.equal({ name: 'CUSTOM' });
  });

  it('agrees with a full decode on realistic traffic', () => {
    for (const event of realisticEvents(300, { seed: 7 })) {
      const expected = { name: eventName(event), ...(eventSubclass(event) === undefined ? {} : { subclass: eventSubclass(event) }) };
      expect(frameEventName(frame('text/event-plain', encodePlainEvent(event).toString('utf8')), true)).to.deep.equal(expected);
      expect(frameEventName(frame('text/event-json', encodeJsonEvent(event).toString('utf8')), true)).to.deep.equal(expected);
    }
  });

  it('gives nothing for frames that are not events, sent commands and base64 bodies', () => {
    expect(frameEventName(frame('api/response', 'Event-Name: X\n'), true)).to.equal(undefined);
    expect(frameEventName(frame('command/reply', undefined), true)).to.equal(undefined);
    expect(frameEventName(frame(undefined, 'Event-Name: X\n', { direction: 'out' }), true)).to.equal(undefined);
    expect(frameEventName(frame('text/event-plain', 'RXZlbnQtTmFtZTogWAo=', { bodyEncoding: 'base64' }), true)).to.equal(undefined);
  });

  it('gives nothing for an event body without Event-Name', () => {
    expect(frameEventName(frame('text/event-plain', 'Core-UUID: c\n\n'), true)).to.equal(undefined);
    expect(frameEventName(frame('text/event-json', '{"Core-UUID":"c"}'), true)).to.equal(undefined);
  });
});
