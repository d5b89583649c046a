import { expect } from 'chai';
import { NotFoundError } from '@sapien/kernel';
import { authorizationDecision } from './authorization-decision.ts';
import { apiAccessDecisionManager } from './default-manager.ts';
import { ForbiddenError } from './errors.ts';
import type { Principal } from './principal.ts';

const token = (orgId: number | undefined, scopes: Principal['scopes'], roles: Principal['roles'] = []): Principal => ({
  kind: 'client',
  clientId: 'c',
  orgId,
  scopes,
  roles,
});

const thrown = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('authorizationDecision (the API’s voters, unanimous)', () => {
  const manager = apiAccessDecisionManager();

  it('passes a member with the scope', () => {
    expect(thrown(() => authorizationDecision(manager, 'orgs:read', { orgId: 7 }, token(7, ['orgs:read'])))).to.equal(undefined);
  });

  it('answers a token of another org with the 404 of a missing organisation', () => {
    const error = thrown(() => authorizationDecision(manager, 'orgs:read', { orgId: 8 }, token(7, ['orgs:read'])));
    expect(error).to.be.instanceOf(NotFoundError);
    expect(error).to.include({ status: 404, message: 'organisation 8 was not found' });
  });

  it('answers 404, not 403, to a stranger that also lacks the scope', () => {
    const error = thrown(() => authorizationDecision(manager, ['orgs:write', 'ROLE_org-admin'], { orgId: 8 }, token(7, [])));
    expect(error).to.be.instanceOf(NotFoundError);
  });

  it('answers a member lacking the scope with 403 naming the attribute', () => {
    const error = thrown(() => authorizationDecision(manager, 'orgs:write', { orgId: 7 }, token(7, ['orgs:read'])));
    expect(error).to.be.instanceOf(ForbiddenError);
    expect(error).to.include({ status: 403, attribute: 'orgs:write' });
  });

  it('answers a member lacking the role with 403', () => {
    const error = thrown(() => authorizationDecision(manager, ['users:write', 'ROLE_org-admin'], { orgId: 7 }, token(7, ['users:write'], ['member'])));
    expect(error).to.be.instanceOf(ForbiddenError);
    expect(error).to.include({ attribute: 'ROLE_org-admin' });
  });

  it('requires every attribute: admin-only routes refuse org tokens with the scope', () => {
    const error = thrown(() => authorizationDecision(manager, ['orgs:write', 'admin'], undefined, token(7, ['orgs:write'])));
    expect(error).to.be.instanceOf(ForbiddenError);
    expect(thrown(() => authorizationDecision(manager, ['orgs:write', 'admin'], undefined, token(undefined, ['admin'])))).to.equal(undefined);
  });

  it('denies an attribute no voter knows (nothing is allowed by silence)', () => {
    expect(thrown(() => authorizationDecision(manager, 'unknown:thing', undefined, token(7, ['orgs:read'])))).to.be.instanceOf(ForbiddenError);
  });
});
