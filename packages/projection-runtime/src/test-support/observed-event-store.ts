import type { EventStore, ReadAllOptions, SubscribeToAllOptions, SubscriptionMessage } from '@sapien/event-store';
import type { RecordedEvent } from '@sapien/kernel';

export type ObservedEventStore = EventStore & {
  /** Subscriptions asked for, and those being iterated now (ended ones left out). */
  readonly subscriptions: { opened: number; active: number };
};

export type EventStoreHooks = Readonly<{
  /** Runs before each readAll and headPosition: lets a test append while a reader goes on. */
  beforeRead?: () => Promise<void>;
  afterReadAll?: (batch: readonly RecordedEvent[]) => void;
}>;

/** A real event store that counts its subscriptions and lets a test act around its reads. */
export const observedEventStore = (inner: EventStore, hooks: EventStoreHooks = {}): ObservedEventStore => {
  const subscriptions = { opened: 0, active: 0 };
  return {
    subscriptions,
    appendToStream: (streamId, events, options) => inner.appendToStream(streamId, events, options),
    readStream: (streamId, options) => inner.readStream(streamId, options),
    streamRevision: (streamId) => inner.streamRevision(streamId),
    async readAll(options?: ReadAllOptions) {
      await hooks.beforeRead?.();
      const batch = await inner.readAll(options);
      hooks.afterReadAll?.(batch);
      return batch;
    },
    async headPosition() {
      await hooks.beforeRead?.();
      return inner.headPosition();
    },
    subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<SubscriptionMessage> {
      subscriptions.opened += 1;
      const messages = inner.subscribeToAll(options);
      return (async function* counted() {
        subscriptions.active += 1;
        try {
          yield* messages;
        } finally {
          subscriptions.active -= 1;
        }
      })();
    },
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
};
