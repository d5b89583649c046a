import { ErrorCode, NatsError, createInbox, headers, type ApiError, type Msg, type NatsConnection, type Subscription } from 'nats';

/** What becomes of one publish: stored (or found stored already), or an error. */
export type AckHandlers<T> = Readonly<{
  onAck: (token: T, duplicate: boolean) => void;
  onFailure: (token: T, error: unknown) => void;
}>;

type Pending<T> = { readonly token: T; readonly sentAt: number };

type PubAck = Readonly<{ stream?: string; duplicate?: boolean; error?: ApiError }>;

/**
 * JetStream publishes with acks and no per-message promise, timer or request context: each
 * message carries a reply subject under one inbox subscription, and the acks are matched by it.
 * Unanswered publishes fail with a timeout from one sweep timer. The outcomes are those of
 * `JetStreamClient.publish` (a PubAck, its API error, no responders, a timeout), reported
 * through the handlers, never synchronously from `publish`.
 */
export class JetStreamAcks<T> {
  private readonly prefix: string;
  private readonly subscription: Subscription;
  private readonly pending = new Map<number, Pending<T>>();
  private readonly sweep: NodeJS.Timeout;
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly ackTimeoutMs: number,
    private readonly handlers: AckHandlers<T>,
  ) {
    const inbox = createInbox();
    this.prefix = `${inbox}.`;
    this.subscription = nc.subscribe(`${inbox}.*`, { callback: (error, message) => this.onReply(error, message) });
    this.sweep = setInterval(() => this.expire(), Math.max(10, Math.min(250, ackTimeoutMs / 4)));
    this.sweep.unref();
  }

  /** Messages awaiting their ack. */
  get inFlight(): number {
    return this.pending.size;
  }

  publish(subject: string, payload: Uint8Array, msgId: string, token: T): void {
    if (this.closed) {
      this.later(token, NatsError.errorForCode(ErrorCode.ConnectionClosed));
      return;
    }
    const id = this.nextId++;
    const messageHeaders = headers();
    messageHeaders.set('Nats-Msg-Id', msgId);
    try {
      this.nc.publish(subject, payload, { reply: this.prefix + id.toString(36), headers: messageHeaders });
    } catch (error) {
      this.later(token, error);
      return;
    }
    this.pending.set(id, { token, sentAt: performance.now() });
  }

  /** Stops matching acks; what is still pending is never reported. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweep);
    this.pending.clear();
    if (!this.nc.isClosed()) this.subscription.unsubscribe();
  }

  private onReply(error: NatsError | null, message: Msg): void {
    if (error !== null || this.closed) return; // the subscription itself failed: the sweep times the publishes out
    const id = Number.parseInt(message.subject.slice(this.prefix.length), 36);
    const entry = this.pending.get(id);
    if (entry === undefined) return; // timed out already
    this.pending.delete(id);
    if (message.data.length === 0 && message.headers?.code === 503) {
      this.handlers.onFailure(entry.token, NatsError.errorForCode(ErrorCode.NoResponders));
      return;
    }
    let ack: PubAck;
    try {
      ack = JSON.parse(message.string()) as PubAck;
    } catch (cause) {
      this.handlers.onFailure(entry.token, new NatsError(`an ack that is not JSON: ${String(cause)}`, ErrorCode.JetStreamInvalidAck));
      return;
    }
    if (ack.error !== undefined) {
      const apiError = new NatsError(ack.error.description, String(ack.error.code));
      apiError.api_error = ack.error;
      this.handlers.onFailure(entry.token, apiError);
    } else if (typeof ack.stream !== 'string' || ack.stream === '') {
      this.handlers.onFailure(entry.token, NatsError.errorForCode(ErrorCode.JetStreamInvalidAck));
    } else {
      this.handlers.onAck(entry.token, ack.duplicate === true);
    }
  }

  /** Fails, oldest first, the publishes whose ack is overdue. */
  private expire(): void {
    const overdue = performance.now() - this.ackTimeoutMs;
    for (const [id, entry] of this.pending) {
      if (entry.sentAt > overdue) return; // sent in order: the rest are younger
      this.pending.delete(id);
      this.handlers.onFailure(entry.token, NatsError.errorForCode(ErrorCode.Timeout));
      if (this.closed) return;
    }
  }

  private later(token: T, error: unknown): void {
    queueMicrotask(() => this.handlers.onFailure(token, error));
  }
}
