import { expect } from 'chai';
import { InvalidSubjectError } from './errors.ts';
import { assertPublishSubject, assertSubjectFilter, subjectMatches } from './subjects.ts';

describe('subjects', () => {
  describe('subjectMatches', () => {
    it('matches a literal filter only to the same subject', () => {
      expect(subjectMatches('a.b.c', 'a.b.c')).to.equal(true);
      expect(subjectMatches('a.b.c', 'a.b')).to.equal(false);
      expect(subjectMatches('a.b', 'a.b.c')).to.equal(false);
    });

    it('matches "*" to exactly one token', () => {
      expect(subjectMatches('a.*.c', 'a.b.c')).to.equal(true);
      expect(subjectMatches('a.*', 'a.b.c')).to.equal(false);
      expect(subjectMatches('a.*.*', 'a.b')).to.equal(false);
    });

    it('matches ">" to one or more remaining tokens', () => {
      expect(subjectMatches('a.>', 'a.b')).to.equal(true);
      expect(subjectMatches('a.>', 'a.b.c.d')).to.equal(true);
      expect(subjectMatches('a.>', 'a')).to.equal(false);
      expect(subjectMatches('>', 'anything.at.all')).to.equal(true);
    });
  });

  describe('assertPublishSubject', () => {
    it('rejects wildcards, empty tokens and whitespace', () => {
      for (const subject of ['a.*', 'a.>', 'a..b', '', 'a b', '.a']) {
        expect(() => assertPublishSubject(subject), subject).to.throw(InvalidSubjectError);
      }
    });
  });

  describe('assertSubjectFilter', () => {
    it('accepts ">" only as the last token', () => {
      expect(() => assertSubjectFilter('a.*.>')).not.to.throw();
      expect(() => assertSubjectFilter('a.>.b')).to.throw(InvalidSubjectError);
    });
  });
});
