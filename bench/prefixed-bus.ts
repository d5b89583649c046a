import type { BusMessage, MessageBus, PublishResult, ReceivedMessage, SubscribeOptions } from '@sapien/message-bus';

/**
 * Publishes under a subject prefix of the benchmark's own. JetStream refuses two streams whose
 * subjects overlap, so a stream of the benchmark on `sapien.events.>` could clash with a
 * SAPIEN_EVENTS stream that a service or a test keeps on the same nats-server.
 */
export class PrefixedBus implements MessageBus {
  constructor(
    private readonly inner: MessageBus,
    private readonly prefix: string,
  ) {}

  publish(messages: readonly BusMessage[]): Promise<PublishResult[]> {
    return this.inner.publish(messages.map((message) => ({ ...message, subject: `${this.prefix}.${message.subject}` })));
  }

  subscribe(options: SubscribeOptions): AsyncIterable<ReceivedMessage> {
    return this.inner.subscribe({ ...options, subject: `${this.prefix}.${options.subject}` });
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
