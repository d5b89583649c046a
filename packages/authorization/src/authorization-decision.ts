import { NotFoundError } from '@sapien/kernel';
import type { AccessDecision, AccessDecisionManager } from './access-decision-manager.ts';
import { ForbiddenError } from './errors.ts';
import type { Principal } from './principal.ts';
import { isOrgSubject } from './subjects.ts';

const concealed = (decision: AccessDecision): boolean =>
  !decision.granted && decision.votes.some(({ vote, concealsSubject }) => vote === 'deny' && concealsSubject);

/** The same 404 as for an org that does not exist, so a denial tells nothing about existence. */
const notFound = (subject: unknown): NotFoundError =>
  isOrgSubject(subject) ? new NotFoundError('organisation', subject.orgId) : new NotFoundError('resource', 'requested');

/**
 * Decides every attribute (all must be granted) and throws when one is not: NotFoundError (404) when
 * a concealing voter denied — a token of another org learns nothing, not even existence — and
 * ForbiddenError (403) when the caller may see the subject but lacks a scope or role. Concealment
 * wins over every attribute, so a stranger lacking a scope still gets 404.
 */
export const authorizationDecision = (
  manager: AccessDecisionManager,
  attributes: string | readonly string[],
  subject: unknown,
  principal: Principal,
): void => {
  const decisions = (typeof attributes === 'string' ? [attributes] : attributes).map((attribute) => ({
    attribute,
    decision: manager.explain(attribute, subject, principal),
  }));
  if (decisions.some(({ decision }) => concealed(decision))) throw notFound(subject);
  const denied = decisions.find(({ decision }) => !decision.granted);
  if (denied !== undefined) throw new ForbiddenError(denied.attribute);
};
