import { expect } from 'chai';
import { toPublishedEvent } from './published-event.ts';

const NOW = '2026-01-01T00:00:00.000000Z';
const now = (): string => NOW;

describe('an event as published', () => {
  it('takes its name, sequence, Core-UUID, Unique-ID and microsecond timestamp from the headers', () => {
    const headers = {
      'Event-Name': 'CHANNEL_ANSWER',
      'Core-UUID': 'c0re',
      'Event-Sequence': '4217',
      'Event-Date-Timestamp': '1764133329123456',
      'Unique-ID': 'a1b2',
      'variable_sip_h_X-Tags': ['a', 'b'],
    };
    expect(toPublishedEvent({ headers }, 'fs1', now)).to.deep.equal({
      node: 'fs1',
      name: 'CHANNEL_ANSWER',
      sequence: 4217,
      coreUuid: 'c0re',
      uniqueId: 'a1b2',
      timestamp: '2025-11-26T05:02:09.123456Z',
      headers,
    });
  });

  it('gives a CUSTOM event its subclass and keeps the body', () => {
    const event = { headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'sofia::register', 'Event-Sequence': '9' }, body: 'hello\n' };
    const published = toPublishedEvent(event, 'fs1', now);
    expect(published).to.include({ name: 'CUSTOM', subclass: 'sofia::register', body: 'hello\n' });
  });

  it('gives no subclass to an event that is not CUSTOM', () => {
    const published = toPublishedEvent({ headers: { 'Event-Name': 'API', 'Event-Subclass': 'odd' } }, 'fs1', now);
    expect(published).not.to.have.property('subclass');
  });

  it('falls back to Event-Date-GMT, then to now, for the timestamp', () => {
    const gmt = toPublishedEvent({ headers: { 'Event-Name': 'HEARTBEAT', 'Event-Date-GMT': 'Wed, 26 Nov 2025 05:02:09 GMT' } }, 'fs1', now);
    expect(gmt.timestamp).to.equal('2025-11-26T05:02:09.000000Z');
    const bad = toPublishedEvent({ headers: { 'Event-Date-Timestamp': 'soon', 'Event-Date-GMT': 'never' } }, 'fs1', now);
    expect(bad.timestamp).to.equal(NOW);
  });

  it('publishes an event without the usual headers with empty values, never failing', () => {
    expect(toPublishedEvent({ headers: {} }, 'fs2', now)).to.deep.equal({
      node: 'fs2',
      name: '',
      sequence: 0,
      coreUuid: '',
      timestamp: NOW,
      headers: {},
    });
    expect(toPublishedEvent({ headers: { 'Event-Sequence': '-3', 'Unique-ID': '' } }, 'fs2', now)).to.include({ sequence: 0 }).and.not.have.property('uniqueId');
  });

  it('reads the headers ignoring case, as FreeSWITCH does', () => {
    expect(toPublishedEvent({ headers: { 'event-name': 'HEARTBEAT', 'event-sequence': '12' } }, 'fs1', now)).to.include({ name: 'HEARTBEAT', sequence: 12 });
  });
});
