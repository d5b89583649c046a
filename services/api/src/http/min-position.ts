import type { FastifyRequest } from 'fastify';
import type { WaitForPosition } from '../dependencies.ts';
import { ReadModelBehindError } from '../errors.ts';

export const MIN_POSITION_HEADER_NAME = 'sapien-min-position';

/** Read-your-writes on demand: a query with Sapien-Min-Position waits (bounded) for the read model. */
export const awaitMinPosition =
  (waitForPosition: WaitForPosition, timeoutMs: number) =>
  async (request: FastifyRequest): Promise<void> => {
    // The header schema has checked (and coerced) it to a non-negative integer.
    const value: unknown = request.headers[MIN_POSITION_HEADER_NAME];
    if (value === undefined) return;
    const position = Number(value);
    if (position > 0 && !(await waitForPosition(position, timeoutMs))) throw new ReadModelBehindError(position, timeoutMs);
  };
