import { expect } from 'chai';
import { subscriptionCommands, subscriptionNames } from './subscription.ts';

describe('the event subscription of an inbound connection', () => {
  it('asks for ALL by default and whenever ALL is among the names', () => {
    expect(subscriptionNames(['ALL'])).to.deep.equal(['ALL']);
    expect(subscriptionNames(['CHANNEL_ANSWER', 'ALL'])).to.deep.equal(['ALL']);
  });

  it('always adds HEARTBEAT and BACKGROUND_JOB to a chosen set', () => {
    expect(subscriptionNames(['CHANNEL_ANSWER', 'CHANNEL_HANGUP'])).to.deep.equal([
      'CHANNEL_ANSWER',
      'CHANNEL_HANGUP',
      'HEARTBEAT',
      'BACKGROUND_JOB',
    ]);
  });

  it('puts CUSTOM subclasses last, after the word CUSTOM, in either spelling', () => {
    expect(subscriptionNames(['CUSTOM::sofia::register', 'CHANNEL_ANSWER', 'CUSTOM sofia::unregister conference::maintenance'])).to.deep.equal([
      'CHANNEL_ANSWER',
      'HEARTBEAT',
      'BACKGROUND_JOB',
      'CUSTOM',
      'sofia::register',
      'sofia::unregister',
      'conference::maintenance',
    ]);
  });

  it('sends `event json …` and nothing else without filters', () => {
    expect(subscriptionCommands(['ALL'], [])).to.deep.equal(['event json ALL\n\n']);
  });

  it('sends the filters after the subscription, letting heartbeats and bgapi results through', () => {
    expect(subscriptionCommands(['ALL'], [{ header: 'Event-Name', value: 'CHANNEL_ANSWER' }, { header: 'Event-Name', value: 'HEARTBEAT' }])).to.deep.equal([
      'event json ALL\n\n',
      'filter Event-Name CHANNEL_ANSWER\n\n',
      'filter Event-Name HEARTBEAT\n\n',
      'filter Event-Name BACKGROUND_JOB\n\n',
    ]);
  });
});
