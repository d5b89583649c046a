import { expect } from 'chai';
import { Wakeup } from './wakeup.ts';

const NEVER = 3_600_000;

describe('Wakeup', () => {
  it('wakes a waiter on notify', async () => {
    const wakeup = new Wakeup();
    const waiting = wakeup.wait(wakeup.generation, NEVER);
    wakeup.notify();
    await waiting;
  });

  it('returns at once when a wake-up came after the generation the waiter saw', async () => {
    const wakeup = new Wakeup();
    const seen = wakeup.generation;
    wakeup.notify();
    await wakeup.wait(seen, NEVER);
    expect(wakeup.generation).to.equal(seen + 1);
  });

  it('returns on abort', async () => {
    const wakeup = new Wakeup();
    const controller = new AbortController();
    const waiting = wakeup.wait(wakeup.generation, NEVER, controller.signal);
    controller.abort();
    await waiting;
  });

  it('returns after the timeout when nothing happens', async () => {
    const wakeup = new Wakeup();
    await wakeup.wait(wakeup.generation, 1);
  });
});
