import { expect } from 'chai';
import { eventName, eventSubclass, header, headerText, type EslEvent } from './event.ts';

describe('EslEvent helpers', () => {
  const event: EslEvent = {
    headers: { 'Event-Name': 'CUSTOM', 'Event-Subclass': 'sofia::register', variable_DP_MATCH: ['1000', '10'] },
  };

  it('names the event and its subclass', () => {
    expect(eventName(event)).to.equal('CUSTOM');
    expect(eventSubclass(event)).to.equal('sofia::register');
    expect(eventSubclass({ headers: {} })).to.equal(undefined);
  });

  it('finds a header by exact name, then ignoring case', () => {
    expect(header(event, 'Event-Name')).to.equal('CUSTOM');
    expect(header(event, 'event-name')).to.equal('CUSTOM');
    expect(header(event, 'Missing')).to.equal(undefined);
    expect(header(event, 'toString')).to.equal(undefined);
  });

  it('returns array headers as arrays, and their first item as text', () => {
    expect(header(event, 'variable_DP_MATCH')).to.deep.equal(['1000', '10']);
    expect(headerText(event, 'variable_dp_match')).to.equal('1000');
  });
});
