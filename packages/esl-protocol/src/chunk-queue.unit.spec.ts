import { expect } from 'chai';
import { ChunkQueue } from './chunk-queue.ts';

describe('ChunkQueue', () => {
  const queueOf = (...parts: string[]): ChunkQueue => {
    const queue = new ChunkQueue();
    for (const part of parts) queue.push(Buffer.from(part));
    return queue;
  };

  it('finds a byte across chunks, from a given position', () => {
    const queue = queueOf('ab', '', 'c\nd', '\n');
    expect(queue.length).to.equal(6);
    expect(queue.indexOf(0x0a, 0)).to.equal(3);
    expect(queue.indexOf(0x0a, 4)).to.equal(5);
    expect(queue.indexOf(0x7a, 0)).to.equal(-1);
  });

  it('takes a view inside one chunk and a copy across chunks', () => {
    const first = Buffer.from('hello');
    const queue = new ChunkQueue();
    queue.push(first);
    queue.push(Buffer.from(' world'));
    const view = queue.take(2);
    expect(view.toString()).to.equal('he');
    expect(view.buffer).to.equal(first.buffer);
    expect(queue.take(6).toString()).to.equal('llo wo');
    expect(queue.length).to.equal(3);
    expect(queue.indexOf(0x64, 0)).to.equal(2);
    expect(queue.take(3).toString()).to.equal('rld');
    expect(queue.length).to.equal(0);
  });

  it('drops everything on clear', () => {
    const queue = queueOf('abc');
    queue.clear();
    expect(queue.length).to.equal(0);
    expect(queue.indexOf(0x61, 0)).to.equal(-1);
  });
});
