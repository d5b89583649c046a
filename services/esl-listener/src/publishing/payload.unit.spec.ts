import { expect } from 'chai';
import type { PublishedEslEvent } from '../hub.ts';
import { decodeEslEventPayload, encodeEslEventPayload } from './payload.ts';

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
    const json = encodeEslEventPayload(answer);
    expect(json).not.to.include('\n');
    expect(JSON.parse(json)).to.deep.equal(answer);
  });

  it('leaves out absent optional fields and anything beyond the contract', () => {
    const heartbeat = { node: 'fs1', name: 'HEARTBEAT', sequence: 1, coreUuid: 'c', timestamp: 't', headers: {}, extra: 1 };
    expect(Object.keys(JSON.parse(encodeEslEventPayload(heartbeat)))).to.deep.equal(['node', 'name', 'sequence', 'coreUuid', 'timestamp', 'headers']);
  });

  it('reads a payload back', () => {
    expect(decodeEslEventPayload(encodeEslEventPayload(answer))).to.deep.equal(answer);
  });

  it('rejects text that is not an event', () => {
    for (const text of ['', 'nope', '[]', '{}', '{"node":"fs1","name":"X","sequence":"1","coreUuid":"c","timestamp":"t","headers":{}}']) {
      expect(decodeEslEventPayload(text), text).to.equal(undefined);
    }
  });
});
