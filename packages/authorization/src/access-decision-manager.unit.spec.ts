import { expect } from 'chai';
import { AccessDecisionManager } from './access-decision-manager.ts';
import type { Principal } from './principal.ts';
import type { Vote, Voter } from './voter.ts';

const principal: Principal = { kind: 'client', clientId: 'c', orgId: 1, scopes: [], roles: [] };

/** A voter with a fixed opinion on one attribute: enough to see how votes are combined. */
const opinion = (name: string, attribute: string, vote: Vote): Voter => ({
  name,
  vote: (asked) => (asked === attribute ? vote : 'abstain'),
});

describe('AccessDecisionManager', () => {
  const voters = [opinion('first', 'x', 'deny'), opinion('second', 'x', 'grant'), opinion('third', 'x', 'grant')];

  it('asks every voter in order and lets the strategy decide', () => {
    expect(new AccessDecisionManager({ voters, strategy: 'affirmative' }).decide('x', undefined, principal)).to.equal(true);
    expect(new AccessDecisionManager({ voters, strategy: 'consensus' }).decide('x', undefined, principal)).to.equal(true);
    expect(new AccessDecisionManager({ voters, strategy: 'unanimous' }).decide('x', undefined, principal)).to.equal(false);
    expect(new AccessDecisionManager({ voters, strategy: 'priority' }).decide('x', undefined, principal)).to.equal(false);
  });

  it('denies when every voter abstains, unless told otherwise', () => {
    expect(new AccessDecisionManager({ voters, strategy: 'unanimous' }).decide('y', undefined, principal)).to.equal(false);
    const lenient = new AccessDecisionManager({ voters, strategy: 'unanimous', allowIfAllAbstain: true });
    expect(lenient.decide('y', undefined, principal)).to.equal(true);
  });

  it('breaks a consensus tie by allowIfEqualGrantedDenied (grant by default)', () => {
    const tied = [opinion('a', 'x', 'grant'), opinion('b', 'x', 'deny')];
    expect(new AccessDecisionManager({ voters: tied, strategy: 'consensus' }).decide('x', undefined, principal)).to.equal(true);
    const strict = new AccessDecisionManager({ voters: tied, strategy: 'consensus', allowIfEqualGrantedDenied: false });
    expect(strict.decide('x', undefined, principal)).to.equal(false);
  });

  it('explains a decision with every vote cast', () => {
    const decision = new AccessDecisionManager({ voters, strategy: 'unanimous' }).explain('x', undefined, principal);
    expect(decision).to.deep.equal({
      granted: false,
      votes: [
        { voter: 'first', vote: 'deny', concealsSubject: false },
        { voter: 'second', vote: 'grant', concealsSubject: false },
        { voter: 'third', vote: 'grant', concealsSubject: false },
      ],
    });
  });
});
