export type {
  AppendDurability,
  AppendOptions,
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
export { validateAppend, validateDurability, validateReadAllOptions, validateReadStreamOptions } from './validation.ts';
export { describeEventStoreContract } from './contract.ts';
export type { EventStoreFactory } from './contract.ts';
export { loadState } from './commands/load-state.ts';
export type { LoadedState } from './commands/load-state.ts';
export { appendEvents } from './commands/append-events.ts';
export { handleCommand } from './commands/handle-command.ts';
export type { CommandResult, HandleOptions } from './commands/handle-command.ts';
