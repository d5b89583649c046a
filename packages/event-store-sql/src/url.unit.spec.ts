import { expect } from 'chai';
import { SapienError } from '@sapien/kernel';
import { parseEventStoreUrl } from './url.ts';

const failure = (url: string): SapienError => {
  try {
    parseEventStoreUrl(url);
  } catch (error) {
    if (error instanceof SapienError) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
};

describe('parseEventStoreUrl', () => {
  it('reads a relative SQLite file path', () => {
    expect(parseEventStoreUrl('sqlite:./data/events.sqlite')).to.deep.equal({ dialect: 'sqlite', filename: './data/events.sqlite' });
  });

  it('reads an absolute SQLite file path', () => {
    expect(parseEventStoreUrl('sqlite:/var/lib/sapien/events.sqlite')).to.deep.equal({
      dialect: 'sqlite',
      filename: '/var/lib/sapien/events.sqlite',
    });
  });

  it('reads an in-memory SQLite database', () => {
    expect(parseEventStoreUrl('sqlite::memory:')).to.deep.equal({ dialect: 'sqlite', filename: ':memory:' });
  });

  it('reads postgres:// and postgresql:// URLs as they are', () => {
    expect(parseEventStoreUrl('postgres://u:p@db:5432/sapien')).to.deep.equal({ dialect: 'postgres', url: 'postgres://u:p@db:5432/sapien' });
    expect(parseEventStoreUrl('postgresql://db/sapien')).to.deep.equal({ dialect: 'postgres', url: 'postgresql://db/sapien' });
  });

  it('rejects an unknown scheme, naming the accepted forms without echoing the URL', () => {
    const error = failure('mysql://root:secret@db/sapien');
    expect(error.code).to.equal('invalid-event-store-url');
    expect(error.message).to.contain('sqlite:<file path>').and.contain('postgres://').and.contain('"mysql:"');
    expect(error.message).not.to.contain('secret');
  });

  it('rejects a URL without a scheme and an empty SQLite path', () => {
    expect(failure('./data/events.sqlite').code).to.equal('invalid-event-store-url');
    expect(failure('sqlite:').code).to.equal('invalid-event-store-url');
  });
});
