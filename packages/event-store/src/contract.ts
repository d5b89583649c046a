import type { EventStore } from './port.ts';

/** Makes a fresh, empty store for each test and disposes of it after. */
export type EventStoreFactory = Readonly<{
  name: string;
  create(): Promise<EventStore>;
  dispose?(store: EventStore): Promise<void>;
}>;

/** The contract every EventStore adapter passes (mocha + chai). Filled in with the SQL adapter. */
export const describeEventStoreContract = (factory: EventStoreFactory): void => {
  describe(`EventStore contract: ${factory.name}`, () => {
    it('is defined by the SQL adapter work', () => undefined);
  });
};
