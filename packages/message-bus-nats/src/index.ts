export { NatsMessageBus } from './nats-message-bus.ts';
export type { NatsMessageBusOptions, NatsPublishStats } from './nats-message-bus.ts';
export { ensureStream } from './ensure-stream.ts';
export type { EnsuredStream, StreamSpec } from './ensure-stream.ts';
export { isTransientPublishError } from './nats-errors.ts';
