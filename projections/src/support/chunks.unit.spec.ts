import { expect } from 'chai';
import { chunksOf, rowsPerInsert } from './chunks.ts';

describe('chunksOf', () => {
  it('slices items in order, the last slice holding the rest', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).to.deep.equal([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 3)).to.deep.equal([]);
  });
});

describe('rowsPerInsert', () => {
  it("stays within SQLite's 500 compound terms and 32,766 bound parameters", () => {
    expect(rowsPerInsert(10)).to.equal(500);
    expect(rowsPerInsert(100)).to.equal(327);
  });
});
