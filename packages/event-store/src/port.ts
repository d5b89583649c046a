import type { NewEvent, RecordedEvent } from '@sapien/kernel';

/** EventStoreDB's expected-revision choices: any, no stream, stream exists, or an exact 0-based revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/**
 * When an append may return: `flushed` (the default) once its commit is on disk; `deferred` once
 * it is committed — visible to every reader, in order, at once — perhaps before the commit is
 * flushed, so a crash of the database within a fraction of a second may forget it. Only for what a
 * caller can simply ask for again (an access token); never for what takes rights away. A store
 * that cannot defer a flush treats it as `flushed` (README.md of each adapter).
 */
export type AppendDurability = 'flushed' | 'deferred';

export type AppendOptions = Readonly<{ expectedRevision?: ExpectedRevision; durability?: AppendDurability }>;

/** The revision a stream is at, or `no_stream` when it has no events. */
export type StreamRevision = number | 'no_stream';

/**
 * What an append returns. An idempotent re-append returns the original result; an empty append
 * returns the stream's current state (-1 and 0 for a stream that does not exist).
 */
export type AppendResult = Readonly<{
  /** The revision of the last event written (the stream's new revision). */
  nextExpectedRevision: number;
  /** The global position of the last event written. */
  position: number;
}>;

export type ReadStreamOptions = Readonly<{
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  /** Exclusive, as EventStoreDB's: events after this position. 0 = from the beginning. */
  after?: number;
  maxCount?: number;
}>;

export type SubscribeToAllOptions = Readonly<{
  /** Exclusive start: the subscription yields events with position > after. 0 = from the beginning. */
  after?: number;
  /** Events read per round trip while catching up. */
  batchSize?: number;
  /** Ends the subscription: the iterator returns. */
  signal?: AbortSignal;
}>;

/** What a catch-up subscription yields: events, and a mark each time it has reached the head. */
export type SubscriptionMessage =
  | Readonly<{ type: 'event'; event: RecordedEvent }>
  | Readonly<{ type: 'caughtUp'; position: number }>;

/**
 * The event store port. Streams hold events at 0-based revisions; the global log orders every
 * event by a 1-based, gap-free position. Adapters: SQL (SQLite, PostgreSQL); EventStoreDB later.
 */
export interface EventStore {
  /** Appends atomically. Re-appending the same event ids at the same place succeeds without duplicating. */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Reads one stream; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The stream's current revision, or `no_stream`. */
  streamRevision(streamId: string): Promise<StreamRevision>;
  /** Reads the global log forwards after a position. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the last event in the global log (0 when empty). */
  headPosition(): Promise<number>;
  /** A catch-up subscription on the global log: history from `after`, then live appends, in position order. */
  subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<SubscriptionMessage>;
  /** Checks the store answers; throws when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
