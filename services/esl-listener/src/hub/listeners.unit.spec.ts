import { expect } from 'chai';
import { pino } from 'pino';
import { Listeners } from './listeners.ts';

describe('listeners of the hub', () => {
  const logger = pino({ level: 'silent' });

  it('calls every listener in order, synchronously', () => {
    const listeners = new Listeners<number>(logger, 'event');
    const seen: string[] = [];
    listeners.add((value) => seen.push(`a${value}`));
    listeners.add((value) => seen.push(`b${value}`));
    listeners.emit(1);
    listeners.emit(2);
    expect(seen).to.deep.equal(['a1', 'b1', 'a2', 'b2']);
  });

  it('keeps calling the others when one throws', () => {
    const listeners = new Listeners<number>(logger, 'event');
    const seen: number[] = [];
    listeners.add(() => {
      throw new Error('boom');
    });
    listeners.add((value) => seen.push(value));
    listeners.emit(7);
    expect(seen).to.deep.equal([7]);
  });

  it('removes a listener, once per registration, from the next value on', () => {
    const listeners = new Listeners<number>(logger, 'frame');
    const seen: number[] = [];
    const record = (value: number): void => {
      seen.push(value);
    };
    const first = listeners.add(record);
    listeners.add(record);
    const self = listeners.add(() => self());
    expect(listeners.size).to.equal(3);
    listeners.emit(1);
    first();
    listeners.emit(2);
    expect(seen).to.deep.equal([1, 1, 2]);
    expect(listeners.size).to.equal(1);
  });
});
