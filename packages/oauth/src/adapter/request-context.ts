import type { Actor } from '@sapien/kernel';
import { newId } from '@sapien/kernel';
import Provider from 'oidc-provider';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/u;
const assigned = new WeakMap<object, string>();

/**
 * The correlation id of the request an adapter call serves (oidc-provider keeps its context in
 * AsyncLocalStorage): the X-Correlation-Id header when acceptable, otherwise one new id per request.
 */
export const requestCorrelationId = (): string => {
  const ctx = Provider.ctx;
  if (!ctx) return newId();
  const given = ctx.get(CORRELATION_HEADER);
  if (given && ACCEPTABLE.test(given)) return given;
  let id = assigned.get(ctx);
  if (id === undefined) {
    id = newId();
    assigned.set(ctx, id);
  }
  return id;
};

/** The client that authenticated the current request, if any. */
export const requestClientId = (): string | undefined => Provider.ctx?.oidc?.client?.clientId;

/** Who causes a change in the current request: the authenticated client, or Sapien itself. */
export const requestActor = (): Actor => {
  const clientId = requestClientId();
  return clientId ? { kind: 'client', id: clientId } : { kind: 'system', id: 'oauth' };
};
