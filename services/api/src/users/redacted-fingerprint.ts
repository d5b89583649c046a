import type { FastifyReply, FastifyRequest } from 'fastify';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

const REDACTED = '[redacted]';

/**
 * Runs the idempotency claim on the body with its `password` replaced by a marker, then puts the
 * body back. The claim stores a SHA-256 fingerprint of the body: over a password and otherwise
 * guessable fields, that unsalted hash would let anyone who reads the table test guesses at full
 * speed. The price: a retry with the same key that changes only the password replays the first answer.
 */
export const withoutPasswordInFingerprint =
  (claimKey: Hook): Hook =>
  async (request, reply) => {
    const body: unknown = request.body;
    if (typeof body !== 'object' || body === null || !('password' in body)) return claimKey(request, reply);
    request.body = { ...body, password: REDACTED };
    try {
      return await claimKey(request, reply);
    } finally {
      request.body = body;
    }
  };
