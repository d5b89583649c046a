export type { BusMessage, MessageBus, PublishResult, ReceivedMessage, SubscribeOptions } from './port.ts';
