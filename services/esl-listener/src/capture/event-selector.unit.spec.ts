import { expect } from 'chai';
import { formatEventSelector, parseEventSelector, selectorMatches } from './event-selector.ts';

describe('event selectors', () => {
  describe('parseEventSelector', () => {
    it('reads an event name', () => {
      expect(parseEventSelector('CHANNEL_ANSWER')).to.deep.equal({ name: 'CHANNEL_ANSWER' });
    });

    it('reads ALL and CUSTOM', () => {
      expect(parseEventSelector('ALL')).to.deep.equal({ name: 'ALL' });
      expect(parseEventSelector('CUSTOM')).to.deep.equal({ name: 'CUSTOM' });
    });

    it('reads a CUSTOM subclass, whose own :: stay in it', () => {
      expect(parseEventSelector('CUSTOM::sofia::register')).to.deep.equal({ name: 'CUSTOM', subclass: 'sofia::register' });
    });

    it('rejects lower case, spaces, an empty subclass and a subclass on a non-CUSTOM name', () => {
      for (const text of ['channel_answer', 'CHANNEL ANSWER', '', 'CUSTOM::', 'CHANNEL_ANSWER::x', 'CUSTOM::a b', '::sofia']) {
        expect(parseEventSelector(text), text).to.equal(undefined);
      }
    });

    it('formats back to the text it read', () => {
      for (const text of ['ALL', 'HEARTBEAT', 'CUSTOM', 'CUSTOM::conference::maintenance']) {
        expect(formatEventSelector(parseEventSelector(text)!)).to.equal(text);
      }
    });
  });

  describe('selectorMatches', () => {
    it('matches every event with ALL', () => {
      expect(selectorMatches({ name: 'ALL' }, 'HEARTBEAT', undefined)).to.equal(true);
      expect(selectorMatches({ name: 'ALL' }, 'CUSTOM', 'sofia::register')).to.equal(true);
    });

    it('matches by name, and by subclass when the selector names one', () => {
      expect(selectorMatches({ name: 'CHANNEL_ANSWER' }, 'CHANNEL_ANSWER', undefined)).to.equal(true);
      expect(selectorMatches({ name: 'CHANNEL_ANSWER' }, 'CHANNEL_HANGUP', undefined)).to.equal(false);
      expect(selectorMatches({ name: 'CUSTOM' }, 'CUSTOM', 'sofia::register')).to.equal(true);
      expect(selectorMatches({ name: 'CUSTOM', subclass: 'sofia::register' }, 'CUSTOM', 'sofia::register')).to.equal(true);
      expect(selectorMatches({ name: 'CUSTOM', subclass: 'sofia::register' }, 'CUSTOM', 'sofia::unregister')).to.equal(false);
    });
  });
});
