/** Injection tokens of the API's container: every constructor parameter names one with `@inject`. */
export const TOKENS = {
  EventStore: Symbol.for('sapien.api.EventStore'),
  ReadModels: Symbol.for('sapien.api.ReadModels'),
  MessageBus: Symbol.for('sapien.api.MessageBus'),
  Clock: Symbol.for('sapien.api.Clock'),
  WaitForPosition: Symbol.for('sapien.api.WaitForPosition'),
  Settings: Symbol.for('sapien.api.Settings'),
} as const;
