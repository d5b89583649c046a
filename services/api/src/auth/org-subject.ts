import type { OrgSubject } from '@sapien/authorization';
import type { FastifyRequest } from 'fastify';

const ORG_ID = /^[1-9]\d{0,14}$/u;

/**
 * The subject of a route under `/v1/orgs/:orgId`. The decision runs before schema validation (no
 * body is read for a refused request), so the id is still the path's text: a well-formed one
 * becomes a number; anything else stays text and matches no token's org.
 */
export const orgSubject = (request: FastifyRequest): OrgSubject => {
  const params = request.params as Readonly<Record<string, unknown>> | undefined;
  const raw = params?.orgId;
  const text = typeof raw === 'string' ? raw : String(raw);
  return { orgId: ORG_ID.test(text) ? Number(text) : text };
};
