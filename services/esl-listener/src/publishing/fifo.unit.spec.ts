import { expect } from 'chai';
import { Fifo } from './fifo.ts';

describe('Fifo', () => {
  it('gives items back in the order they came, across compactions', () => {
    const fifo = new Fifo<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      fifo.push(i);
      if (i % 3 === 0) out.push(fifo.shift() as number);
    }
    out.push(...fifo.drain());
    expect(out).to.deep.equal(Array.from({ length: 5000 }, (_, i) => i));
    expect(fifo.length).to.equal(0);
    expect(fifo.shift()).to.equal(undefined);
  });
});
