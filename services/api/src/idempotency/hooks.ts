import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from '../errors.ts';
import { requestFingerprint } from './fingerprint.ts';
import type { IdempotencyStore, KeyRef } from './store.ts';

export const IDEMPOTENCY_KEY_HEADER_NAME = 'idempotency-key';

/** The headers of an answer that a replay repeats (the correlation id is the retry's own). */
const REPLAYED_HEADERS = ['content-type', 'location', 'sapien-position'] as const;

const replayedHeaders = (reply: FastifyReply): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = String(value);
  }
  return headers;
};

/** Route hooks for writes that accept Idempotency-Key: claim (or replay) before, remember after. */
export const idempotencyHooks = (store: IdempotencyStore) => {
  const claims = new WeakMap<FastifyRequest, KeyRef>();

  const claimKey = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const key = request.headers[IDEMPOTENCY_KEY_HEADER_NAME];
    if (typeof key !== 'string') return undefined;
    const ref: KeyRef = { principal: '', key };
    const claim = await store.claim(ref, requestFingerprint(request.method, request.url, request.body));
    switch (claim.kind) {
      case 'claimed':
        claims.set(request, ref);
        return undefined;
      case 'replay':
        return reply
          .code(claim.response.statusCode)
          .headers({ ...claim.response.headers, 'idempotent-replayed': 'true' })
          .send(claim.response.body);
      case 'in-flight':
        throw new IdempotencyKeyInUseError();
      case 'mismatch':
        throw new IdempotencyKeyReusedError();
      default: {
        const _never: never = claim;
        return undefined;
      }
    }
  };

  /** Stores the answer; a server error releases the key instead, so a retry runs the request again. */
  const rememberAnswer = async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const ref = claims.get(request);
    if (!ref) return payload;
    claims.delete(request);
    try {
      if (reply.statusCode >= 500) await store.release(ref);
      else {
        const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
        await store.complete(ref, { statusCode: reply.statusCode, headers: replayedHeaders(reply), body });
      }
    } catch (error) {
      // The answer still goes out; the claim stays pending until its lease ends.
      request.log.error({ err: error, correlationId: request.id }, 'could not store the idempotent answer');
    }
    return payload;
  };

  return { claimKey, rememberAnswer };
};
