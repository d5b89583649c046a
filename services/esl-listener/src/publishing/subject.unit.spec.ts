import { expect } from 'chai';
import fc from 'fast-check';
import { eslEventMessageId, eslEventSubject, subjectToken } from './subject.ts';

const SUBJECT = /^esl\.events(\.[A-Za-z0-9_-]+)+$/;
const anyText = fc.string({ unit: 'binary', maxLength: 30 });

describe('ESL_EVENTS subjects', () => {
  it('names an event esl.events.<node>.<EVENT_NAME>', () => {
    expect(eslEventSubject({ node: 'fs1', name: 'CHANNEL_ANSWER' })).to.equal('esl.events.fs1.CHANNEL_ANSWER');
  });

  it('adds the subclass of a CUSTOM event as a fifth token', () => {
    expect(eslEventSubject({ node: 'fs1', name: 'CUSTOM', subclass: 'sofia::register' })).to.equal('esl.events.fs1.CUSTOM.sofia_register');
  });

  it('gives a CUSTOM event without a subclass the token _', () => {
    expect(eslEventSubject({ node: 'fs1', name: 'CUSTOM' })).to.equal('esl.events.fs1.CUSTOM._');
  });

  it('ignores a subclass on an event that is not CUSTOM', () => {
    expect(eslEventSubject({ node: 'fs1', name: 'HEARTBEAT', subclass: 'x' })).to.equal('esl.events.fs1.HEARTBEAT');
  });

  it('turns the dots of a node name into underscores', () => {
    expect(eslEventSubject({ node: 'fs1.example.com', name: 'HEARTBEAT' })).to.equal('esl.events.fs1_example_com.HEARTBEAT');
  });

  describe('subjectToken', () => {
    it('keeps letters, digits, - and _', () => {
      expect(subjectToken('Aa0-_z')).to.equal('Aa0-_z');
    });

    it('replaces each run of other characters with one _', () => {
      expect(subjectToken('sofia::register')).to.equal('sofia_register');
      expect(subjectToken('a b*c>d.e')).to.equal('a_b_c_d_e');
      expect(subjectToken('café')).to.equal('caf_');
      expect(subjectToken('conference::maintenance')).to.equal('conference_maintenance');
    });

    it('turns an empty token into _', () => {
      expect(subjectToken('')).to.equal('_');
    });

    it('is idempotent', () => {
      fc.assert(fc.property(anyText, (text) => subjectToken(subjectToken(text)) === subjectToken(text)));
    });
  });

  it('always produces a valid subject with four tokens, or five for CUSTOM', () => {
    const name = fc.oneof(fc.constant('CUSTOM'), fc.constantFrom('CHANNEL_ANSWER', 'HEARTBEAT'), anyText);
    fc.assert(
      fc.property(anyText, name, fc.option(anyText, { nil: undefined }), (node, eventName, subclass) => {
        const subject = eslEventSubject({ node, name: eventName, ...(subclass === undefined ? {} : { subclass }) });
        expect(subject).to.match(SUBJECT);
        expect(subject.split('.')).to.have.length(eventName === 'CUSTOM' ? 5 : 4);
      }),
    );
  });
});

describe('Nats-Msg-Id', () => {
  it('is <Core-UUID>:<Event-Sequence>', () => {
    expect(eslEventMessageId({ coreUuid: '5f0c8f3e-1d2a-4b6c-9e8f-0a1b2c3d4e5f', sequence: 4711 })).to.equal(
      '5f0c8f3e-1d2a-4b6c-9e8f-0a1b2c3d4e5f:4711',
    );
  });
});
