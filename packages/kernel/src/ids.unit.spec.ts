import { expect } from 'chai';
import { isUuid, isUuidV7, newEventId, newId } from './ids.ts';

describe('ids', () => {
  it('makes event ids as UUID v7, ordered by creation', () => {
    const ids = Array.from({ length: 100 }, () => newEventId());
    for (const id of ids) expect(isUuidV7(id), id).to.equal(true);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('keeps ids made within one millisecond distinct and in order, across refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newId());
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('makes other ids as UUID v7 too', () => {
    expect(isUuidV7(newId())).to.equal(true);
  });

  it('tells a UUID from anything else', () => {
    expect(isUuid('01a215af-7f18-76b3-8b14-29dc7bf500a5')).to.equal(true);
    expect(isUuid('not-a-uuid')).to.equal(false);
    expect(isUuidV7('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).to.equal(false);
  });
});
