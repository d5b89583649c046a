import type { Principal } from './principal.ts';
import { decideByStrategy, type DecisionStrategy } from './strategies.ts';
import type { Vote, Voter } from './voter.ts';

export type AccessDecisionManagerOptions = Readonly<{
  /** In order: the order matters for `priority`. */
  voters: readonly Voter[];
  strategy: DecisionStrategy;
  /** The decision when every voter abstains. Default false: nothing is allowed by silence. */
  allowIfAllAbstain?: boolean;
  /** consensus only: the decision on a tie. Default true (as Symfony). */
  allowIfEqualGrantedDenied?: boolean;
}>;

export type CastVote = Readonly<{ voter: string; vote: Vote; concealsSubject: boolean }>;

/** A decision with the votes behind it, in voter order. */
export type AccessDecision = Readonly<{ granted: boolean; votes: readonly CastVote[] }>;

/** Asks every voter about (attribute, subject, principal) and lets the strategy decide. Pure. */
export class AccessDecisionManager {
  readonly strategy: DecisionStrategy;
  private readonly voters: readonly Voter[];
  private readonly allowIfAllAbstain: boolean;
  private readonly allowIfEqualGrantedDenied: boolean;

  constructor(options: AccessDecisionManagerOptions) {
    this.voters = [...options.voters];
    this.strategy = options.strategy;
    this.allowIfAllAbstain = options.allowIfAllAbstain ?? false;
    this.allowIfEqualGrantedDenied = options.allowIfEqualGrantedDenied ?? true;
  }

  decide(attribute: string, subject: unknown, principal: Principal): boolean {
    return this.explain(attribute, subject, principal).granted;
  }

  /** The decision and every vote cast, so a caller can tell "not yours" (404) from "not allowed" (403). */
  explain(attribute: string, subject: unknown, principal: Principal): AccessDecision {
    const votes = this.voters.map((voter) => ({
      voter: voter.name,
      vote: voter.vote(attribute, subject, principal),
      concealsSubject: voter.concealsSubject === true,
    }));
    const granted = decideByStrategy(
      this.strategy,
      votes.map(({ vote }) => vote),
      { allowIfAllAbstain: this.allowIfAllAbstain, allowIfEqualGrantedDenied: this.allowIfEqualGrantedDenied },
    );
    return { granted, votes };
  }
}
