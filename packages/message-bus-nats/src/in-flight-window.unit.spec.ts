import { expect } from 'chai';
import { InFlightWindow } from './in-flight-window.ts';

describe('InFlightWindow', () => {
  it('lets at most its limit in and records the highest count', async () => {
    const window = new InFlightWindow(2);
    await window.acquire();
    await window.acquire();
    let third = false;
    const waiting = window.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).to.equal(false);
    window.release();
    await waiting;
    expect(third).to.equal(true);
    expect(window.current).to.equal(2);
    expect(window.maxObservedInFlight).to.equal(2);
  });

  it('hands freed slots to waiters in the order they asked', async () => {
    const window = new InFlightWindow(1);
    await window.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) => window.acquire().then(() => order.push(n)));
    window.release();
    window.release();
    window.release();
    await Promise.all(waiters);
    expect(order).to.deep.equal([1, 2, 3]);
  });

  it('refuses a limit below one', () => {
    expect(() => new InFlightWindow(0)).to.throw(RangeError);
  });
});
