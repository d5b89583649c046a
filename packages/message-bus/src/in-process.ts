import { MessageBusClosedError } from './errors.ts';
import type { BusMessage, MessageBus, PublishResult, ReceivedMessage, SubscribeOptions } from './port.ts';
import { RingLog } from './ring-log.ts';
import { assertPublishSubject, assertSubjectFilter, subjectMatches } from './subjects.ts';

export type InProcessMessageBusOptions = Readonly<{
  /** Messages kept for `fromStart` subscriptions; older ones are forgotten. Default 10,000. */
  maxMessages?: number;
  /** How long a message id is remembered to drop a republished message, as JetStream does. Default 2 min. */
  duplicateWindowMs?: number;
  /** Milliseconds now; injectable so tests can move past the duplicate window. */
  now?: () => number;
}>;

type Stored = Readonly<{ subject: string; id: string; payload: Uint8Array; headers: Readonly<Record<string, string>> }>;

const MESSAGE_ID_HEADER = 'Nats-Msg-Id';
const noAck = (): void => {};

/**
 * The message bus of the embedded default: one process, no broker. It mimics what Sapien relies on
 * in JetStream (sequence numbers, de-duplication by id within a window, replay from the start of
 * a bounded log, NATS wildcards), so code written against it behaves the same on NATS.
 */
export class InProcessMessageBus implements MessageBus {
  private readonly log: RingLog<Stored>;
  private readonly duplicateWindowMs: number;
  private readonly now: () => number;
  /** Ids published within the window, oldest first (Map keeps insertion order). */
  private readonly recentIds = new Map<string, Readonly<{ sequence: number; at: number }>>();
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(options: InProcessMessageBusOptions = {}) {
    this.log = new RingLog(options.maxMessages ?? 10_000);
    this.duplicateWindowMs = options.duplicateWindowMs ?? 2 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async publish(messages: readonly BusMessage[]): Promise<PublishResult[]> {
    if (this.closed) throw new MessageBusClosedError('publish');
    for (const message of messages) assertPublishSubject(message.subject);
    const results = messages.map((message) => this.store(message));
    this.wakeSubscribers();
    return results;
  }

  subscribe(options: SubscribeOptions): AsyncIterable<ReceivedMessage> {
    assertSubjectFilter(options.subject);
    // The start is fixed now, not at the first `next()`, so nothing published in between is missed.
    const start = options.fromStart ? this.log.firstSequence : this.log.nextSequence;
    return this.deliver(options.subject, start, options.signal);
  }

  async ping(): Promise<void> {
    if (this.closed) throw new MessageBusClosedError('ping');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeSubscribers();
  }

  private store(message: BusMessage): PublishResult {
    const at = this.now();
    this.forgetIdsBefore(at - this.duplicateWindowMs);
    const known = this.recentIds.get(message.id);
    if (known) return { sequence: known.sequence, duplicate: true };
    const headers = { ...message.headers, [MESSAGE_ID_HEADER]: message.id };
    const sequence = this.log.append({ subject: message.subject, id: message.id, payload: message.payload, headers });
    this.recentIds.set(message.id, { sequence, at });
    return { sequence, duplicate: false };
  }

  private forgetIdsBefore(cutoff: number): void {
    for (const [id, { at }] of this.recentIds) {
      if (at > cutoff) return;
      this.recentIds.delete(id);
    }
  }

  private async *deliver(filter: string, start: number, signal: AbortSignal | undefined): AsyncGenerator<ReceivedMessage> {
    let sequence = start;
    while (!this.closed && !signal?.aborted) {
      // A subscriber slower than the log's capacity skips what was forgotten, as with a limited stream.
      sequence = Math.max(sequence, this.log.firstSequence);
      const entry = this.log.at(sequence);
      if (entry === undefined) {
        await this.nextPublication(signal);
        continue;
      }
      const delivered = sequence++;
      if (subjectMatches(filter, entry.subject)) yield { ...entry, sequence: delivered, ack: noAck };
    }
  }

  private nextPublication(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      this.waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private wakeSubscribers(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
