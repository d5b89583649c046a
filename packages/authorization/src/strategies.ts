import type { Vote } from './voter.ts';

/** How votes become one decision (Symfony's AccessDecisionManager strategies). */
export const DECISION_STRATEGIES = ['affirmative', 'consensus', 'unanimous', 'priority'] as const;
export type DecisionStrategy = (typeof DECISION_STRATEGIES)[number];

export type StrategyOptions = Readonly<{
  /** The decision when every voter abstains. */
  allowIfAllAbstain: boolean;
  /** consensus only: the decision when grants and denies are equal (and not zero). */
  allowIfEqualGrantedDenied: boolean;
}>;

const count = (votes: readonly Vote[], vote: Vote): number => votes.filter((v) => v === vote).length;

/** Grants when any voter grants. */
const affirmative = (votes: readonly Vote[], options: StrategyOptions): boolean => {
  if (votes.includes('grant')) return true;
  return votes.includes('deny') ? false : options.allowIfAllAbstain;
};

/** Grants when grants outnumber denies; a tie goes by `allowIfEqualGrantedDenied`. */
const consensus = (votes: readonly Vote[], options: StrategyOptions): boolean => {
  const grants = count(votes, 'grant');
  const denies = count(votes, 'deny');
  if (grants > denies) return true;
  if (denies > grants) return false;
  return grants > 0 ? options.allowIfEqualGrantedDenied : options.allowIfAllAbstain;
};

/** Grants when no voter denies and at least one grants. */
const unanimous = (votes: readonly Vote[], options: StrategyOptions): boolean => {
  if (votes.includes('deny')) return false;
  return votes.includes('grant') ? true : options.allowIfAllAbstain;
};

/** The first voter (in order) that does not abstain decides. */
const priority = (votes: readonly Vote[], options: StrategyOptions): boolean => {
  const first = votes.find((vote) => vote !== 'abstain');
  return first === undefined ? options.allowIfAllAbstain : first === 'grant';
};

const STRATEGIES: Readonly<Record<DecisionStrategy, (votes: readonly Vote[], options: StrategyOptions) => boolean>> = {
  affirmative,
  consensus,
  unanimous,
  priority,
};

/** The decision of `strategy` on the votes, given in voter order. */
export const decideByStrategy = (strategy: DecisionStrategy, votes: readonly Vote[], options: StrategyOptions): boolean =>
  STRATEGIES[strategy](votes, options);
