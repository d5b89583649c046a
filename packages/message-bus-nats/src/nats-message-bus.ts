import { setTimeout as sleep } from 'node:timers/promises';
import {
  MessageBusClosedError,
  MessageBusError,
  SAPIEN_EVENTS_STREAM,
  SAPIEN_EVENTS_SUBJECTS,
  assertPublishSubject,
  assertSubjectFilter,
} from '@sapien/message-bus';
import type { BusMessage, MessageBus, PublishResult, ReceivedMessage, SubscribeOptions } from '@sapien/message-bus';
import { DeliverPolicy, StorageType, connect, headers, nanos } from 'nats';
import type { JetStreamClient, JetStreamManager, JetStreamPublishOptions, NatsConnection } from 'nats';
import { ensureStream } from './ensure-stream.ts';
import type { StreamSpec } from './ensure-stream.ts';
import { InFlightWindow } from './in-flight-window.ts';
import { isNoResponders, isTransientPublishError } from './nats-errors.ts';
import { receivedMessageOf } from './received-message.ts';

export type NatsMessageBusOptions = Readonly<{
  servers: string | string[];
  /** Default SAPIEN_EVENTS, with subjects `sapien.events.>`. */
  stream?: string;
  subjects?: readonly string[];
  /** Publishes awaiting their ack at once, across all `publish` calls. Default 256. */
  maxInFlight?: number;
  /** The stream's duplicate window when the bus creates it. Default 10 minutes, so a projector restart is absorbed. */
  duplicateWindowMs?: number;
  /** The connection name shown by the server. */
  name?: string;
  /** How long to wait for one ack before publishing the message again. Default 5 s. */
  publishTimeoutMs?: number;
  /** Pause between reconnect attempts; the client reconnects forever. Default 250 ms. */
  reconnectTimeWaitMs?: number;
}>;

export type NatsPublishStats = Readonly<{
  inFlight: number;
  /** The most publishes ever awaiting their ack at once; never above `maxInFlight`. */
  maxObservedInFlight: number;
  /** Messages published again after a timeout, a disconnect or no responders. */
  retried: number;
}>;

type Pending = Readonly<{ index: number; message: BusMessage }>;
type Round = Readonly<{ retry: Pending[]; failed: number; noResponders: boolean }>;

const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 2000;

/**
 * The message bus on NATS JetStream. Publication never drops a message silently: an ack that does
 * not come (broker restart, network cut) means the message is published again with the same
 * `Nats-Msg-Id`, so JetStream stores it once; only `close()` or a non-transient error ends a
 * `publish` without every ack, and then it rejects.
 */
export class NatsMessageBus implements MessageBus {
  private readonly closing = new AbortController();
  private readonly activePublishes = new Set<Promise<unknown>>();
  private closed: Promise<void> | undefined;
  private retried = 0;

  private constructor(
    readonly connection: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    private readonly spec: StreamSpec,
    private readonly window: InFlightWindow,
    private readonly publishTimeoutMs: number,
  ) {}

  /** Connects, then creates the stream when it is missing (file storage). */
  static async connect(options: NatsMessageBusOptions): Promise<NatsMessageBus> {
    const window = new InFlightWindow(options.maxInFlight ?? 256);
    const publishTimeoutMs = options.publishTimeoutMs ?? 5000;
    const spec: StreamSpec = {
      name: options.stream ?? SAPIEN_EVENTS_STREAM,
      subjects: [...(options.subjects ?? SAPIEN_EVENTS_SUBJECTS)],
      storage: StorageType.File,
      duplicate_window: nanos(options.duplicateWindowMs ?? 10 * 60_000),
    };
    const nc = await connect({
      servers: options.servers,
      ...(options.name === undefined ? {} : { name: options.name }),
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 250,
      noAsyncTraces: true, // an Error per request costs more than the trace is worth here
    });
    try {
      const jsm = await nc.jetstreamManager();
      await ensureStream(jsm, spec);
      return new NatsMessageBus(nc, jsm, nc.jetstream({ timeout: publishTimeoutMs }), spec, window, publishTimeoutMs);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  get streamName(): string {
    return this.spec.name;
  }

  get stats(): NatsPublishStats {
    return { inFlight: this.window.current, maxObservedInFlight: this.window.maxObservedInFlight, retried: this.retried };
  }

  async publish(messages: readonly BusMessage[]): Promise<PublishResult[]> {
    this.assertOpen('publish');
    for (const message of messages) assertPublishSubject(message.subject);
    const publishing = this.publishAll(messages);
    this.activePublishes.add(publishing);
    try {
      return await publishing;
    } finally {
      this.activePublishes.delete(publishing);
    }
  }

  subscribe(options: SubscribeOptions): AsyncIterable<ReceivedMessage> {
    assertSubjectFilter(options.subject);
    return this.deliver(options);
  }

  async ping(): Promise<void> {
    this.assertOpen('ping');
    try {
      await this.connection.rtt();
    } catch (error) {
      throw new MessageBusError('message-bus-unavailable', 'NATS did not answer a ping', 503, {}, { cause: error });
    }
  }

  /** Stops publishing and subscriptions, lets in-flight acks arrive, then drains the connection. */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing.abort();
    await Promise.allSettled([...this.activePublishes]);
    if (this.connection.isClosed()) return;
    // A drain waits for the server; with the server gone, give up after a while and just close.
    await Promise.race([this.connection.drain().catch(() => undefined), sleep(this.publishTimeoutMs, undefined, { ref: false })]);
    if (!this.connection.isClosed()) await this.connection.close();
  }

  private assertOpen(operation: string): void {
    if (this.closing.signal.aborted) throw new MessageBusClosedError(operation);
  }

  private async publishAll(messages: readonly BusMessage[]): Promise<PublishResult[]> {
    const results = new Array<PublishResult>(messages.length);
    let pending: Pending[] = messages.map((message, index) => ({ index, message }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      const round = await this.publishRound(pending, results);
      pending = round.retry;
      if (pending.length === 0) break;
      this.retried += round.failed;
      await this.backOff(attempt, round.noResponders);
    }
    return results;
  }

  /**
   * Publishes in order through the window. After the first failure nothing new is sent: once the
   * acks in flight have settled, the failed and unsent messages are returned, in order, to retry.
   */
  private async publishRound(pending: readonly Pending[], results: PublishResult[]): Promise<Round> {
    const retry: Pending[] = [];
    const state = { halted: false, noResponders: false, fatal: undefined as { error: unknown; message: BusMessage } | undefined };
    const acks: Promise<void>[] = [];
    for (const entry of pending) {
      await this.window.acquire();
      if (state.halted || this.closing.signal.aborted) {
        this.window.release();
        break;
      }
      acks.push(
        this.send(entry.message)
          .then(
            (result) => {
              results[entry.index] = result;
            },
            (error: unknown) => {
              state.halted = true;
              if (!isTransientPublishError(error)) state.fatal ??= { error, message: entry.message };
              else retry.push(entry);
              if (isNoResponders(error)) state.noResponders = true;
            },
          )
          .finally(() => this.window.release()),
      );
    }
    await Promise.all(acks);
    if (state.fatal) throw publishFailed(state.fatal.message, state.fatal.error);
    const unsent = pending.slice(acks.length);
    const rest = [...retry.sort((a, b) => a.index - b.index), ...unsent];
    if (rest.length > 0 && this.closing.signal.aborted) throw new MessageBusClosedError('publish');
    return { retry: rest, failed: retry.length, noResponders: state.noResponders };
  }

  private async send(message: BusMessage): Promise<PublishResult> {
    const options: Partial<JetStreamPublishOptions> = { msgID: message.id, timeout: this.publishTimeoutMs };
    if (message.headers) {
      const natsHeaders = headers();
      for (const [key, value] of Object.entries(message.headers)) natsHeaders.set(key, value);
      options.headers = natsHeaders;
    }
    const ack = await this.js.publish(message.subject, message.payload, options);
    return { sequence: ack.seq, duplicate: ack.duplicate };
  }

  /** Waits before a retry; no responders may mean the stream is gone, so it is ensured again. */
  private async backOff(attempt: number, noResponders: boolean): Promise<void> {
    const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
    try {
      await sleep(delay, undefined, { signal: this.closing.signal });
    } catch {
      throw new MessageBusClosedError('publish');
    }
    if (noResponders) await ensureStream(this.jsm, this.spec).catch(() => undefined);
  }

  private async *deliver(options: SubscribeOptions): AsyncGenerator<ReceivedMessage> {
    const { signal } = options;
    if (this.closing.signal.aborted || signal?.aborted) return;
    // An ordered consumer starts at stream sequence 1 by default; `DeliverPolicy.All` would clash
    // with the start sequence it sets and never deliver.
    const consumer = await this.js.consumers.get(this.spec.name, {
      filterSubjects: options.subject,
      ...(options.fromStart ? {} : { deliver_policy: DeliverPolicy.New }),
    });
    const messages = await consumer.consume({ max_messages: 256 });
    const stop = (): void => messages.stop();
    signal?.addEventListener('abort', stop, { once: true });
    this.closing.signal.addEventListener('abort', stop, { once: true });
    try {
      if (signal?.aborted || this.closing.signal.aborted) return; // aborted while the consumer was created
      for await (const message of messages) yield receivedMessageOf(message);
    } finally {
      signal?.removeEventListener('abort', stop);
      this.closing.signal.removeEventListener('abort', stop);
      messages.stop();
    }
  }
}

const publishFailed = (message: BusMessage, cause: unknown): MessageBusError =>
  new MessageBusError(
    'message-bus-publish-failed',
    `publishing message ${message.id} on ${message.subject} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    503,
    { subject: message.subject, id: message.id },
    { cause },
  );
