import { expect } from 'chai';
import fc from 'fast-check';
import { decideByStrategy, type DecisionStrategy, type StrategyOptions } from './strategies.ts';
import type { Vote } from './voter.ts';

const strict: StrategyOptions = { allowIfAllAbstain: false, allowIfEqualGrantedDenied: true };
const lenient: StrategyOptions = { allowIfAllAbstain: true, allowIfEqualGrantedDenied: false };

type Case = Readonly<{ votes: Vote[]; expected: boolean; options?: StrategyOptions }>;

const check = (strategy: DecisionStrategy, cases: readonly Case[]): void => {
  for (const { votes, expected, options = strict } of cases) {
    const label = `${expected ? 'grants' : 'denies'} on [${votes.join(', ')}]${options === lenient ? ' (lenient options)' : ''}`;
    it(label, () => {
      expect(decideByStrategy(strategy, votes, options)).to.equal(expected);
    });
  }
};

const votes = fc.array(fc.constantFrom<Vote>('grant', 'deny', 'abstain'), { maxLength: 8 });

describe('decision strategies', () => {
  describe('affirmative', () => {
    check('affirmative', [
      { votes: ['deny', 'grant'], expected: true },
      { votes: ['deny', 'deny', 'grant'], expected: true },
      { votes: ['deny', 'abstain'], expected: false },
      { votes: ['abstain', 'abstain'], expected: false },
      { votes: ['abstain', 'abstain'], expected: true, options: lenient },
      { votes: [], expected: false },
    ]);

    it('grants exactly when some voter grants, or all abstain and abstention is allowed', () => {
      fc.assert(
        fc.property(votes, fc.boolean(), (cast, allow) => {
          const expected = cast.includes('grant') || (cast.every((v) => v === 'abstain') && allow);
          return decideByStrategy('affirmative', cast, { ...strict, allowIfAllAbstain: allow }) === expected;
        }),
      );
    });
  });

  describe('consensus', () => {
    check('consensus', [
      { votes: ['grant', 'grant', 'deny'], expected: true },
      { votes: ['grant', 'deny', 'deny'], expected: false },
      { votes: ['grant', 'deny'], expected: true },
      { votes: ['grant', 'deny'], expected: false, options: lenient },
      { votes: ['grant', 'abstain', 'abstain'], expected: true },
      { votes: ['abstain'], expected: false },
      { votes: ['abstain'], expected: true, options: lenient },
    ]);
  });

  describe('unanimous', () => {
    check('unanimous', [
      { votes: ['grant', 'grant', 'abstain'], expected: true },
      { votes: ['grant', 'grant', 'deny'], expected: false },
      { votes: ['deny'], expected: false },
      { votes: ['abstain', 'abstain'], expected: false },
      { votes: ['abstain', 'abstain'], expected: true, options: lenient },
    ]);

    it('never grants over a deny, whatever the options', () => {
      fc.assert(
        fc.property(votes, fc.boolean(), fc.boolean(), (cast, allIn, tie) =>
          cast.includes('deny') ? !decideByStrategy('unanimous', cast, { allowIfAllAbstain: allIn, allowIfEqualGrantedDenied: tie }) : true,
        ),
      );
    });
  });

  describe('priority', () => {
    check('priority', [
      { votes: ['abstain', 'grant', 'deny'], expected: true },
      { votes: ['abstain', 'deny', 'grant'], expected: false },
      { votes: ['deny', 'grant', 'grant'], expected: false },
      { votes: ['abstain'], expected: false },
      { votes: ['abstain'], expected: true, options: lenient },
    ]);
  });
});
