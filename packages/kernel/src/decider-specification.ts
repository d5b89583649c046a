import { expect } from 'chai';
import type { Decider } from './decider.ts';
import { foldEvents } from './decider.ts';
import type { Command, DomainEvent } from './envelope.ts';

type ErrorCheck = (error: unknown) => void;

/**
 * Given/when/then for deciders:
 * `DeciderSpecification.for(decider).given([events]).when(command).then([events])`
 * or `.thenThrows(ErrorClass, predicate?)`.
 */
export const DeciderSpecification = {
  for<State, C extends Command, E extends DomainEvent>(decider: Decider<State, C, E>) {
    return {
      given(events: readonly E[]) {
        return {
          when(command: C) {
            const run = (): readonly E[] => decider.decide(command, foldEvents(decider, events));
            return {
              then(expected: readonly E[]): void {
                expect(run()).to.deep.equal(expected);
              },
              thenNothingHappens(): void {
                expect(run()).to.deep.equal([]);
              },
              thenThrows<Err extends Error>(
                errorType: abstract new (...args: never[]) => Err,
                check?: (error: Err) => boolean | void,
              ): void {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown, 'the decider should have thrown').to.be.instanceOf(errorType);
                const verify: ErrorCheck = (error) => {
                  if (check && check(error as Err) === false) expect.fail(`the error did not match: ${String(error)}`);
                };
                verify(thrown);
              },
            };
          },
        };
      },
    };
  },
};
