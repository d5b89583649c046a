/** One message for the bus. `id` becomes `Nats-Msg-Id`: the bus drops a second message with the same id. */
export type BusMessage = Readonly<{
  subject: string;
  id: string;
  payload: Uint8Array;
  headers?: Readonly<Record<string, string>>;
}>;

/** A delivered message; `ack` confirms it to a durable consumer (a no-op where there is none). */
export type ReceivedMessage = Readonly<{
  subject: string;
  id: string | undefined;
  payload: Uint8Array;
  headers: Readonly<Record<string, string>>;
  /** The stream's sequence number where the bus has one. */
  sequence: number | undefined;
  ack(): void;
}>;

export type PublishResult = Readonly<{ sequence: number; duplicate: boolean }>;

export type SubscribeOptions = Readonly<{
  /** Subject filter with NATS wildcards (`*` one token, `>` the rest). */
  subject: string;
  /** Deliver stored messages from the start of the stream (JetStream) before live ones. */
  fromStart?: boolean;
  signal?: AbortSignal;
}>;

/**
 * The message bus port. `publish` resolves once every message is stored by the bus (JetStream
 * ack), keeping at most a bounded number of acks in flight; order of publication is kept.
 */
export interface MessageBus {
  publish(messages: readonly BusMessage[]): Promise<PublishResult[]>;
  subscribe(options: SubscribeOptions): AsyncIterable<ReceivedMessage>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
