import { describeAppend } from './contract/append.ts';
import { describeConcurrentAppends } from './contract/concurrent.ts';
import type { ContractContext } from './contract/fixtures.ts';
import { describeReads } from './contract/reads.ts';
import { describeReappend } from './contract/reappend.ts';
import { describeSubscription } from './contract/subscription.ts';
import type { EventStore } from './port.ts';

/** Makes a fresh, empty store for each test and disposes of it after. */
export type EventStoreFactory = Readonly<{
  name: string;
  create(): Promise<EventStore>;
  /** Defaults to `store.close()`. */
  dispose?(store: EventStore): Promise<void>;
}>;

/**
 * The contract every EventStore adapter passes (mocha + chai), in EventStoreDB's semantics:
 * expected revisions and their conflicts, idempotent retries, stream and log reads, and the
 * catch-up subscription. Each test gets a fresh store from the factory.
 */
export const describeEventStoreContract = (factory: EventStoreFactory): void => {
  describe(`EventStore contract: ${factory.name}`, () => {
    let current: EventStore | undefined;
    const context: ContractContext = {
      get store(): EventStore {
        if (current === undefined) throw new Error('the contract store is used outside a test');
        return current;
      },
    };

    beforeEach(async () => {
      current = await factory.create();
    });

    afterEach(async () => {
      const store = current;
      current = undefined;
      if (store !== undefined) await (factory.dispose ? factory.dispose(store) : store.close());
    });

    describeAppend(context);
    describeReappend(context);
    describeConcurrentAppends(context);
    describeReads(context);
    describeSubscription(context);
  });
};
