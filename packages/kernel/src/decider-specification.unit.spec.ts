import { expect } from 'chai';
import type { Command, Decider, DomainEvent } from './index.ts';
import { ConflictError } from './errors.ts';
import { DeciderSpecification } from './decider-specification.ts';

// A tiny counter: the specification's own behaviour, tested on a decider made for it.
type Incremented = DomainEvent<'Incremented', { by: number }>;
type Increment = Command<'Increment', { by: number; max: number }>;
const counter: Decider<number, Increment, Incremented> = {
  initialState: () => 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) => {
    if (state + command.data.by > command.data.max) throw new ConflictError('over-max', 'over the maximum');
    return command.data.by === 0 ? [] : [{ type: 'Incremented', data: { by: command.data.by } }];
  },
};
const now = '2026-01-01T00:00:00.000000Z' as Increment['metadata']['now'];
const increment = (by: number, max = 10): Increment => ({ type: 'Increment', data: { by, max }, metadata: { now } });

describe('DeciderSpecification', () => {
  const spec = DeciderSpecification.for(counter);

  it('passes when the decided events are the expected ones', () => {
    spec.given([{ type: 'Incremented', data: { by: 2 } }]).when(increment(3)).then([{ type: 'Incremented', data: { by: 3 } }]);
  });

  it('fails when they are not', () => {
    expect(() => spec.given([]).when(increment(3)).then([{ type: 'Incremented', data: { by: 4 } }])).to.throw();
  });

  it('checks that nothing happens', () => {
    spec.given([]).when(increment(0)).thenNothingHappens();
    expect(() => spec.given([]).when(increment(1)).thenNothingHappens()).to.throw();
  });

  it('checks the error type and a predicate on it', () => {
    spec.given([{ type: 'Incremented', data: { by: 9 } }]).when(increment(2)).thenThrows(ConflictError, (error) => error.code === 'over-max');
    expect(() => spec.given([]).when(increment(2)).thenThrows(ConflictError)).to.throw('the decider should have thrown');
    expect(() =>
      spec.given([{ type: 'Incremented', data: { by: 9 } }]).when(increment(2)).thenThrows(ConflictError, (error) => error.code === 'other'),
    ).to.throw('the error did not match');
  });
});
