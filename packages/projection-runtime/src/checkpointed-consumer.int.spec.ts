import { expect } from 'chai';
import { runFixture } from './test-support/child-process.ts';

describe('CheckpointedConsumer', () => {
  it('keeps no event it has handed on: the heap stays flat while it reads a long log', async function () {
    this.timeout(120_000);
    // 4,000 events of 10 KB: 40 MB that a consumer holding on to what it read would keep until stop().
    const child = runFixture('consume-memory.fixture.ts', { TEST_EVENTS: '4000', TEST_EVENT_BYTES: '10000' }, ['--expose-gc']);
    const { code } = await child.exited;
    expect(code, child.stderr()).to.equal(0);
    const measured = JSON.parse(child.stdout()) as { events: number; eventBytes: number; grownBytes: number };
    expect(measured.events).to.equal(4_000);
    expect(measured.grownBytes, 'heap growth at the head, in bytes').to.be.lessThan(8 * 1024 * 1024);
  });
});
