import { expect } from 'chai';
import fc from 'fast-check';
import { headerText, parseJsonEvent, scanJsonEvent, type EslEvent } from '@sapien/esl-protocol';
import type { PublishedEslEvent } from '../hub.ts';
import { sourceJsonOf, toPublishedEvent } from '../hub/published-event.ts';
import { decodeEslEventPayload, encodeEslEventPayload, eslPayloadIdentity } from './payload.ts';

const answer: PublishedEslEvent = {
  node: 'fs1',
  name: 'CHANNEL_ANSWER',
  sequence: 12,
  coreUuid: 'core-1',
  uniqueId: 'call-1',
  timestamp: '2024-05-01T10:00:00.123456Z',
  headers: { 'Event-Name': 'CHANNEL_ANSWER', 'variable_list': ['a', 'b'] },
  body: 'line one\nline two',
};

describe('ESL_EVENTS payload', () => {
  it('carries the contract fields, with no raw newline', () => {
    const json = encodeEslEventPayload(answer).toString();
    expect(json).not.to.include('\n');
    expect(JSON.parse(json)).to.deep.equal(answer);
  });

  it('leaves out absent optional fields and anything beyond the contract', () => {
    const heartbeat = { node: 'fs1', name: 'HEARTBEAT', sequence: 1, coreUuid: 'c', timestamp: 't', headers: {}, extra: 1 };
    expect(Object.keys(JSON.parse(encodeEslEventPayload(heartbeat).toString()))).to.deep.equal(['node', 'name', 'sequence', 'coreUuid', 'timestamp', 'headers']);
  });

  it('reads a payload back', () => {
    expect(decodeEslEventPayload(encodeEslEventPayload(answer).toString())).to.deep.equal(answer);
  });

  it('rejects text that is not an event', () => {
    for (const text of ['', 'nope', '[]', '{}', '{"node":"fs1","name":"X","sequence":"1","coreUuid":"c","timestamp":"t","headers":{}}']) {
      expect(decodeEslEventPayload(text), text).to.equal(undefined);
    }
  });
});

describe('ESL_EVENTS payload identity (read from its leading fields)', () => {
  const identityOf = ({ node, name, subclass, sequence, coreUuid }: PublishedEslEvent) =>
    subclass === undefined ? { node, name, sequence, coreUuid } : { node, name, subclass, sequence, coreUuid };
  // Values that look like the member it stops at, quotes, commas and non-ASCII included.
  const tricky = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom(',"headers":', '","headers":{}', '\\",', '}', '山田 "太郎"'));

  it('is the identity of any encoded event, as a full decode reads it', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            node: tricky,
            name: tricky,
            subclass: tricky,
            sequence: fc.nat(),
            coreUuid: tricky,
            uniqueId: tricky,
            timestamp: tricky,
            headers: fc.dictionary(tricky, fc.oneof(tricky, fc.array(tricky))),
            body: tricky,
          },
          { requiredKeys: ['node', 'name', 'sequence', 'coreUuid', 'timestamp', 'headers'] },
        ),
        (event) => {
          const payload = encodeEslEventPayload(event);
          expect(eslPayloadIdentity(payload)).to.deep.equal(identityOf(decodeEslEventPayload(payload.toString()) as PublishedEslEvent));
          expect(eslPayloadIdentity(payload)).to.deep.equal(JSON.parse(JSON.stringify(identityOf(event))));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is the identity of an event that came as compact json', () => {
    const json = '{"Event-Name":"CUSTOM","Event-Subclass":"sofia::register","Core-UUID":"c0re","Event-Sequence":"8","Unique-ID":"u1","_body":"ok"}';
    const published = toPublishedEvent(scanJsonEvent(Buffer.from(json))!, 'fs1', () => 't');
    expect(eslPayloadIdentity(new Uint8Array(encodeEslEventPayload(published)))).to.deep.equal({ node: 'fs1', name: 'CUSTOM', subclass: 'sofia::register', sequence: 8, coreUuid: 'c0re' });
  });

  it('is undefined for bytes that are not a payload of ours', () => {
    const texts = ['', 'nope', '[]', '{}', '{"headers":{}}', '{"node":"fs1","name":"X","sequence":"1","coreUuid":"c","timestamp":"t","headers":{}}', '{"node":"fs1","name":"X","sequence":1,"coreUuid":"c","timestamp":"t","headers":{"a":"b"'];
    for (const text of texts) expect(eslPayloadIdentity(Buffer.from(text)), text).to.equal(undefined);
  });
});

describe('ESL_EVENTS payload of an event that came as compact json', () => {
  const now = (): string => '2026-01-01T00:00:00.000000Z';
  const wire = [
    '{"Event-Name":"CHANNEL_ANSWER","Core-UUID":"c0re","Event-Sequence":"7","Event-Date-Timestamp":"1764133329123456","Unique-ID":"a1b2","Caller-Caller-ID-Name":"山田 \\"太郎\\"","variable_list":["a","b"]}',
    '{"Event-Name":"CUSTOM","Event-Subclass":"sofia::register","Core-UUID":"c0re","Event-Sequence":"8","Content-Length":"12","_body":"line one\\nok"}',
  ];

  for (const json of wire) {
    const bytes = Buffer.from(json);
    const scanned = scanJsonEvent(bytes)!;
    const reference = parseJsonEvent(bytes) as EslEvent;

    it(`carries FreeSWITCH's JSON as it came, equal to the decoded event's payload (${headerText(reference, 'Event-Name')})`, () => {
      const published = toPublishedEvent(scanned, 'fs1', now);
      expect(sourceJsonOf(published)).not.to.equal(undefined);
      const payload = encodeEslEventPayload(published);
      expect(payload.includes(0x0a)).to.equal(false);
      expect(payload.toString()).to.include(json.slice(1, json.indexOf(',"_body"') === -1 ? -1 : json.indexOf(',"_body"')));
      const expected = encodeEslEventPayload(toPublishedEvent(reference, 'fs1', now));
      expect(JSON.parse(payload.toString())).to.deep.equal(JSON.parse(expected.toString()));
      expect(Object.keys(JSON.parse(payload.toString()))).to.deep.equal(Object.keys(JSON.parse(expected.toString())));
      expect(decodeEslEventPayload(payload.toString())).to.deep.equal(JSON.parse(JSON.stringify(published)));
    });
  }

  it('is encoded once per event, however many read it', () => {
    const published = toPublishedEvent(scanJsonEvent(Buffer.from(wire[0]!))!, 'fs1', now);
    expect(encodeEslEventPayload(published)).to.equal(encodeEslEventPayload(published));
  });
});
