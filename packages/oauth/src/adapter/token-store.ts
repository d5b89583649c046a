import type { EventStore, StreamRevision } from '@sapien/event-store';
import { sha256Hex } from '../hashing.ts';
import { tokenStreamId } from '../streams.ts';
import { foldToken, type TokenState } from '../token-state.ts';

export type LoadedToken = Readonly<{ tokenHash: string; streamId: string; state: TokenState; revision: StreamRevision }>;

/** Reads a token's stream by its hash. No cache: a revocation is seen by the next read. */
export const loadTokenByHash = async (eventStore: EventStore, tokenHash: string): Promise<LoadedToken> => {
  const streamId = tokenStreamId(tokenHash);
  const recorded = await eventStore.readStream(streamId);
  return { tokenHash, streamId, state: foldToken(recorded), revision: recorded.at(-1)?.revision ?? 'no_stream' };
};

/** Reads a token's stream by the hash of its value. */
export const loadToken = (eventStore: EventStore, tokenValue: string): Promise<LoadedToken> => loadTokenByHash(eventStore, sha256Hex(tokenValue));
