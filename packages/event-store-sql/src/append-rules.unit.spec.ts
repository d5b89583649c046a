import { expect } from 'chai';
import { originalAppend, satisfies } from './append-rules.ts';
import type { StoredEventPlace } from './append-rules.ts';

describe('satisfies', () => {
  it('accepts any state for any', () => {
    expect(satisfies('any', 'no_stream')).to.equal(true);
    expect(satisfies('any', 3)).to.equal(true);
  });

  it('accepts no_stream only for a missing stream, stream_exists only for an existing one', () => {
    expect(satisfies('no_stream', 'no_stream')).to.equal(true);
    expect(satisfies('no_stream', 0)).to.equal(false);
    expect(satisfies('stream_exists', 0)).to.equal(true);
    expect(satisfies('stream_exists', 'no_stream')).to.equal(false);
  });

  it('accepts an exact revision only when the stream is at it', () => {
    expect(satisfies(2, 2)).to.equal(true);
    expect(satisfies(2, 3)).to.equal(false);
    expect(satisfies(0, 'no_stream')).to.equal(false);
  });
});

describe('originalAppend', () => {
  const stored: StoredEventPlace[] = [
    { id: 'a', streamId: 's', revision: 2, position: 10 },
    { id: 'b', streamId: 's', revision: 3, position: 11 },
    { id: 'x', streamId: 'other', revision: 0, position: 3 },
  ];

  it('returns the original result when the ids sit where the exact revision names', () => {
    expect(originalAppend('s', ['a', 'b'], 1, stored)).to.deep.equal({ nextExpectedRevision: 3, position: 11 });
  });

  it('returns nothing when the exact revision names another place', () => {
    expect(originalAppend('s', ['a', 'b'], 0, stored)).to.equal(undefined);
    expect(originalAppend('s', ['a', 'b'], 'no_stream', stored)).to.equal(undefined);
  });

  it('finds the run anywhere in the stream for any and stream_exists', () => {
    expect(originalAppend('s', ['b'], 'any', stored)).to.deep.equal({ nextExpectedRevision: 3, position: 11 });
    expect(originalAppend('s', ['a', 'b'], 'stream_exists', stored)).to.deep.equal({ nextExpectedRevision: 3, position: 11 });
  });

  it('returns nothing when only some ids are stored, the order differs, or they belong to another stream', () => {
    expect(originalAppend('s', ['a', 'b', 'c'], 'any', stored)).to.equal(undefined);
    expect(originalAppend('s', ['b', 'a'], 'any', stored)).to.equal(undefined);
    expect(originalAppend('s', ['x'], 'any', stored)).to.equal(undefined);
  });
});
