export type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  StreamRevision,
  SubscribeToAllOptions,
  SubscriptionMessage,
} from './port.ts';
export { EventStoreUnavailable, ExpectedRevisionConflict } from './errors.ts';
export { validateAppend, validateReadAllOptions, validateReadStreamOptions } from './validation.ts';
export { describeEventStoreContract } from './contract.ts';
export type { EventStoreFactory } from './contract.ts';
