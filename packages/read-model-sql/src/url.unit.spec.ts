import { expect } from 'chai';
import { SapienError } from '@sapien/kernel';
import { parseReadDbUrl } from './url.ts';

describe('parseReadDbUrl', () => {
  it('reads a SQLite file path', () => {
    expect(parseReadDbUrl('sqlite:./data/read.sqlite')).to.deep.equal({ kind: 'sqlite', path: './data/read.sqlite' });
  });

  it('reads an in-memory SQLite database', () => {
    expect(parseReadDbUrl('sqlite::memory:')).to.deep.equal({ kind: 'sqlite', path: ':memory:' });
  });

  it('reads a PostgreSQL URL in both spellings', () => {
    expect(parseReadDbUrl('postgres://u@h:5432/db')).to.deep.equal({ kind: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(parseReadDbUrl('postgresql://u@h/db').kind).to.equal('postgres');
  });

  for (const bad of ['', 'sqlite:', 'mysql://h/db', 'read.sqlite', 'postgres:/db']) {
    it(`rejects ${JSON.stringify(bad)} naming the accepted forms`, () => {
      let caught: unknown;
      try {
        parseReadDbUrl(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(SapienError);
      const error = caught as SapienError;
      expect(error.code).to.equal('invalid-read-db-url');
      expect(error.message).to.contain('sqlite:<file path>').and.contain('sqlite::memory:').and.contain('postgres://');
    });
  }

  it('keeps a password out of the message', () => {
    expect(() => parseReadDbUrl('mysql://me:secret@h/db')).to.throw(SapienError).that.satisfies((e: Error) => !e.message.includes('secret'));
  });
});
