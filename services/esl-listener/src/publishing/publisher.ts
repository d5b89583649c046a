import { setTimeout as sleep } from 'node:timers/promises';
import { Events, connect } from 'nats';
import type { NatsConnection } from 'nats';
import type { PublishedEslEvent } from '../hub.ts';
import { EslPublishingError } from './errors.ts';
import { Fifo } from './fifo.ts';
import { JetStreamAcks } from './jetstream-acks.ts';
import { silentLogger, type PublishingLogger } from './logger.ts';
import { encodeEslEventPayload, eslPayloadIdentity, type EslEventIdentity } from './payload.ts';
import { describeError, isNoResponders, isPermanentPublishError } from './publish-errors.ts';
import { Spool, type SpoolPosition } from './spool.ts';
import { ESL_EVENTS_DUPLICATE_WINDOW_MS, ensureEslEventsStream } from './stream.ts';
import { eslEventMessageId, eslEventSubject } from './subject.ts';

export type EslPublisherOptions = Readonly<{
  servers: string | string[];
  /** The spool's directory: events wait there while NATS is away, and across restarts. */
  spoolDirectory: string;
  logger?: PublishingLogger;
  /** Publishes awaiting their ack at once. Default 1,000. */
  maxInFlight?: number;
  /** Events held in memory before they spill to the spool. Default 10,000. */
  maxQueued?: number;
  /** Default 1 GiB; when full, the oldest events are dropped. */
  spoolMaxBytes?: number;
  spoolSegmentBytes?: number;
  spoolFsyncIntervalMs?: number;
  /** How long to wait for one ack before the outcome counts as unknown. Default 5 s. */
  ackTimeoutMs?: number;
  /** Pause between reconnect attempts; the client reconnects forever. Default 250 ms. */
  reconnectTimeWaitMs?: number;
  /** The duplicate window when the publisher creates ESL_EVENTS. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** The connection name the server shows. */
  connectionName?: string;
}>;

export type EslPublisherState = 'new' | 'connecting' | 'publishing' | 'recovering' | 'stopping' | 'stopped';

export type EslPublisherMetrics = Readonly<{
  state: EslPublisherState;
  /** Events JetStream acknowledged as newly stored. */
  published: number;
  /** Acks that said "duplicate": a re-send after an unknown outcome, or an event offered twice. */
  duplicates: number;
  /** Events written to the spool (an event re-spooled after a failure counts again). */
  spooled: number;
  spoolBytes: number;
  /** Events in the spool not yet acknowledged. */
  spoolPending: number;
  /** Events in the memory queue. */
  queued: number;
  /** Events lost: the spool full (oldest dropped), too large for NATS, or offered after stop(). */
  dropped: number;
  inFlight: number;
  lastError: string | undefined;
}>;

/** An event ready to send: its subject, message id and payload. */
type Outgoing = Readonly<{ subject: string; msgId: string; payload: Uint8Array }>;

/** An event JetStream acknowledged: stored now, or found stored already (`duplicate`). */
export type StoredEslEvent = Outgoing & Readonly<{ duplicate: boolean }>;

/** A send awaiting its ack; `spoolNext` marks a record read from the spool. */
type Flight = { readonly out: Outgoing; readonly spoolNext: SpoolPosition | undefined; state: 'pending' | 'done' | 'failed' };

const FIRST_RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 2000;
const SPOOL_READ_BATCH = 256;
const LOG_INTERVAL_MS = 1000;

const outgoingOf = (event: EslEventIdentity, payload: Uint8Array): Outgoing => ({
  subject: eslEventSubject(event),
  msgId: eslEventMessageId(event),
  payload,
});

/**
 * Publishes ESL events to the ESL_EVENTS stream, in the order they are offered, each stored once.
 *
 * `publish` only queues (never blocks or throws), so the ESL reader never stops reading. A pump
 * sends the queue with up to `maxInFlight` acks outstanding. Once NATS is unreachable, an ack
 * does not come, or the queue passes `maxQueued`, the unacknowledged events and every later one
 * go to the on-disk spool, in order, until the spool has been drained again; the spool is then
 * re-sent from its first unacknowledged record. JetStream de-duplicates re-sends by
 * `Nats-Msg-Id` (`<Core-UUID>:<Event-Sequence>`) within the stream's duplicate window.
 *
 * Invariant: in spool mode every unacknowledged event is in the spool (and the memory queue is
 * empty); in memory mode the spool holds nothing unread.
 */
export class EslPublisher {
  private readonly memory = new Fifo<Outgoing>();
  private flights: Flight[] = [];
  private pendingFlights = 0;
  private spool: Spool | undefined;
  private spoolMode = false;
  private connection: NatsConnection | undefined;
  private acks: JetStreamAcks<Flight> | undefined;
  private connected = false;
  /** After a failure: no sends until every ack has settled and NATS answers again. */
  private halted = false;
  private retryAttempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private ensureStreamOnResume = false;
  private pumpScheduled = false;
  private phase: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new';
  private started: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;
  private readonly stopSignal = new AbortController();
  private readonly counters = { published: 0, duplicates: 0, spooled: 0, dropped: 0 };
  private readonly storedObservers = new Set<(stored: StoredEslEvent) => void>();
  private lastError: string | undefined;
  private lastDropLog = 0;
  private unloggedDrops = 0;

  private readonly logger: PublishingLogger;
  private readonly maxInFlight: number;
  private readonly maxQueued: number;
  private readonly ackTimeoutMs: number;

  constructor(private readonly options: EslPublisherOptions) {
    this.logger = options.logger ?? silentLogger;
    this.maxInFlight = options.maxInFlight ?? 1000;
    this.maxQueued = options.maxQueued ?? 10_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  }

  get metrics(): EslPublisherMetrics {
    const spool = this.spool?.stats;
    return {
      state: this.state(),
      ...this.counters,
      dropped: this.counters.dropped + (spool?.dropped ?? 0),
      spoolBytes: spool?.bytes ?? 0,
      spoolPending: spool?.pending ?? 0,
      queued: this.memory.length,
      inFlight: this.pendingFlights,
      lastError: this.lastError,
    };
  }

  /**
   * Calls `observer` with each event as JetStream acknowledges it, in the order acks arrive; for
   * measurements (the benchmark's emitted → acknowledged latency). Returns the way to stop.
   */
  observeStored(observer: (stored: StoredEslEvent) => void): () => void {
    this.storedObservers.add(observer);
    return () => this.storedObservers.delete(observer);
  }

  /** Takes an event for publication. Never blocks, never throws. */
  publish(event: PublishedEslEvent): void {
    try {
      if (this.phase === 'stopping' || this.phase === 'stopped') {
        this.drop(1, 'an event was offered after stop()');
        return;
      }
      if (this.spoolMode && this.spool) {
        this.toSpool(encodeEslEventPayload(event)); // its subject and id are read back with it
        if (this.flights.length === 0) this.schedulePump(); // otherwise the next ack pumps
        return;
      }
      this.memory.push(outgoingOf(event, encodeEslEventPayload(event)));
      if (this.spool === undefined) {
        // Not started yet: nowhere to spill, so the bound holds by dropping the oldest.
        if (this.memory.length > this.maxQueued) {
          this.memory.shift();
          this.drop(1, 'the memory queue is full before start()');
        }
        return;
      }
      if (this.memory.length > this.maxQueued || !this.canSend()) this.spill();
      else this.schedulePump();
    } catch (error) {
      this.lastError = describeError(error);
      this.drop(1, 'an event could not be queued', error);
    }
  }

  /**
   * Opens the spool and connects in the background: events are taken (and spooled) while NATS
   * is still unreachable. An instance starts once.
   */
  start(): Promise<void> {
    if (this.phase !== 'new') return Promise.reject(new EslPublishingError('publisher_already_started', 'an EslPublisher starts once'));
    this.phase = 'starting';
    this.started = this.open();
    return this.started;
  }

  /**
   * Stops taking events, sends what it can within `timeoutMs`, and leaves the rest in the spool
   * for the next start.
   */
  stop(timeoutMs = 5000): Promise<void> {
    this.stopped ??= this.shutDown(timeoutMs);
    return this.stopped;
  }

  private async open(): Promise<void> {
    const spool = await Spool.open({
      directory: this.options.spoolDirectory,
      logger: this.logger,
      ...(this.options.spoolMaxBytes === undefined ? {} : { maxBytes: this.options.spoolMaxBytes }),
      ...(this.options.spoolSegmentBytes === undefined ? {} : { segmentBytes: this.options.spoolSegmentBytes }),
      ...(this.options.spoolFsyncIntervalMs === undefined ? {} : { fsyncIntervalMs: this.options.spoolFsyncIntervalMs }),
    });
    this.spool = spool;
    if (spool.hasUnread()) {
      // Left by the last run: it goes first, and what was offered before start() after it.
      this.logger.info({ pending: spool.stats.pending }, 'ESL publisher: resuming the spool of the last run');
      this.spoolMode = true;
      for (const out of this.memory.drain()) this.toSpool(out.payload);
    } else {
      this.spill(); // not connected yet
    }
    this.phase = 'running';
    void this.connectLoop();
  }

  private state(): EslPublisherState {
    if (this.phase === 'new' || this.phase === 'stopping' || this.phase === 'stopped') return this.phase;
    if (this.acks === undefined) return 'connecting';
    return this.halted || !this.connected ? 'recovering' : 'publishing';
  }

  private canSend(): boolean {
    return this.connected && !this.halted && this.acks !== undefined && (this.phase === 'running' || this.phase === 'stopping');
  }

  private toSpool(payload: Uint8Array): void {
    (this.spool as Spool).append(payload);
    this.counters.spooled++;
  }

  /**
   * Memory mode to spool mode: the unacknowledged events sent from memory, then the memory
   * queue, go to the end of the spool (which holds nothing unread in memory mode), in order.
   * Those still awaiting an ack may be sent twice; JetStream keeps one.
   */
  private spill(): void {
    if (this.spoolMode || this.spool === undefined) return;
    for (const flight of this.flights) if (flight.state !== 'done' && flight.spoolNext === undefined) this.toSpool(flight.out.payload);
    for (const out of this.memory.drain()) this.toSpool(out.payload);
    this.spoolMode = true;
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Sends, in order, while the window has room: the memory queue, or the spool in spool mode. */
  private pump(): void {
    try {
      this.fillWindow();
    } catch (error) {
      // Reading the spool failed (a failing disk): try again later rather than lose the process.
      this.lastError = describeError(error);
      this.logger.error({ err: error }, 'ESL publisher: reading the spool failed');
      this.halt('reading the spool failed');
      this.settle();
    }
  }

  private fillWindow(): void {
    while (this.canSend() && this.flights.length < this.maxInFlight) {
      if (!this.spoolMode) {
        const out = this.memory.shift();
        if (out === undefined) return;
        this.send(out, undefined);
        continue;
      }
      const spool = this.spool as Spool;
      const records = spool.read(Math.min(SPOOL_READ_BATCH, this.maxInFlight - this.flights.length));
      if (records.length === 0) {
        this.spoolMode = false; // drained: new events stay in memory again
        this.logger.info({}, 'ESL publisher: spool drained');
        return;
      }
      let skipped = false;
      for (const record of records) {
        // The record is checksummed: its leading fields name it, its headers are not decoded again.
        const identity = eslPayloadIdentity(record.bytes);
        if (identity === undefined) {
          // Only a foreign file gets here; it is passed over in order.
          this.drop(1, 'a spool record is not an ESL event');
          this.flights.push({ out: { subject: '', msgId: '', payload: new Uint8Array() }, spoolNext: record.next, state: 'done' });
          skipped = true;
          continue;
        }
        this.send(outgoingOf(identity, record.bytes), record.next);
      }
      if (skipped) this.settle();
    }
  }

  private send(out: Outgoing, spoolNext: SpoolPosition | undefined): void {
    const flight: Flight = { out, spoolNext, state: 'pending' };
    this.flights.push(flight);
    this.pendingFlights++;
    (this.acks as JetStreamAcks<Flight>).publish(out.subject, out.payload, out.msgId, flight);
  }

  private readonly ackHandlers = {
    onAck: (flight: Flight, duplicate: boolean): void => this.guarded(() => this.onAck(flight, duplicate)),
    onFailure: (flight: Flight, error: unknown): void => this.guarded(() => this.onFailure(flight, error)),
  };

  private guarded(handle: () => void): void {
    try {
      handle();
    } catch (error) {
      this.logger.error({ err: error }, 'ESL publisher: handling an ack failed');
    }
  }

  private onAck(flight: Flight, duplicate: boolean): void {
    if (this.phase === 'stopped' || flight.state !== 'pending') return;
    flight.state = 'done';
    this.pendingFlights--;
    if (duplicate) this.counters.duplicates++;
    else this.counters.published++;
    this.retryAttempt = 0;
    for (const observer of this.storedObservers) {
      try {
        observer({ ...flight.out, duplicate });
      } catch (error) {
        this.logger.error({ err: error }, 'ESL publisher: an observer of stored events failed');
      }
    }
    this.settle();
  }

  private onFailure(flight: Flight, error: unknown): void {
    if (this.phase === 'stopped' || flight.state !== 'pending') return;
    this.pendingFlights--;
    this.lastError = describeError(error);
    if (isPermanentPublishError(error)) {
      flight.state = 'done'; // skipped in order; a re-send would fail the same way
      this.drop(1, `NATS refused an event (${flight.out.subject} ${flight.out.msgId})`, error);
    } else {
      flight.state = 'failed';
      if (isNoResponders(error)) this.ensureStreamOnResume = true;
      this.halt(`no ack: ${this.lastError}`);
    }
    this.settle();
  }

  /** Retires the settled head of the window, acknowledging spool records in order. */
  private settle(): void {
    let spoolNext: SpoolPosition | undefined;
    while (this.flights[0]?.state === 'done') spoolNext = (this.flights.shift() as Flight).spoolNext ?? spoolNext;
    if (spoolNext !== undefined) this.spool?.ack(spoolNext);
    if (!this.halted) this.schedulePump();
    else if (this.pendingFlights === 0) this.recover();
  }

  /** Stops sending and moves everything unacknowledged to the spool. */
  private halt(reason: string): void {
    this.spill();
    if (this.halted) return;
    this.halted = true;
    this.logger.warn({ reason, inFlight: this.pendingFlights }, 'ESL publisher: NATS unavailable, spooling ESL events');
  }

  /** Every ack has settled: the spool is read again from its first unacknowledged record. */
  private recover(): void {
    this.flights = [];
    this.spool?.rewind();
    if (this.connected) this.scheduleResume();
    // otherwise the reconnect resumes
  }

  private scheduleResume(): void {
    if (this.retryTimer !== undefined || this.phase === 'stopped') return;
    const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** this.retryAttempt, MAX_RETRY_DELAY_MS);
    this.retryAttempt++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.resume();
    }, delay);
  }

  private async resume(): Promise<void> {
    if (this.ensureStreamOnResume && this.connection) {
      // No responders: JetStream is starting, or the stream is gone; make sure it is there.
      this.ensureStreamOnResume = false;
      try {
        await ensureEslEventsStream(await this.connection.jetstreamManager(), this.options.duplicateWindowMs ?? ESL_EVENTS_DUPLICATE_WINDOW_MS);
      } catch (error) {
        this.lastError = describeError(error);
        this.ensureStreamOnResume = true;
        if (this.connected) this.scheduleResume();
        return;
      }
    }
    if (!this.halted || this.pendingFlights > 0 || !this.connected || this.phase === 'stopped') return;
    this.halted = false;
    this.logger.info({ spoolPending: this.spool?.stats.pending ?? 0 }, 'ESL publisher: NATS answers, publishing');
    this.pump();
  }

  /** Connects (retrying until stopped), ensures the stream, then follows the connection's status. */
  private async connectLoop(): Promise<void> {
    const signal = this.stopSignal.signal;
    for (let attempt = 0; !signal.aborted; attempt++) {
      let nc: NatsConnection | undefined;
      try {
        nc = await connect({
          servers: this.options.servers,
          ...(this.options.connectionName === undefined ? {} : { name: this.options.connectionName }),
          maxReconnectAttempts: -1,
          reconnectTimeWait: this.options.reconnectTimeWaitMs ?? 250,
          noAsyncTraces: true, // an Error per request costs more than its trace is worth here
        });
        await ensureEslEventsStream(await nc.jetstreamManager(), this.options.duplicateWindowMs ?? ESL_EVENTS_DUPLICATE_WINDOW_MS);
      } catch (error) {
        await nc?.close().catch(() => undefined);
        this.lastError = describeError(error);
        if (attempt % 20 === 0) this.logger.warn({ err: error }, 'ESL publisher: NATS is not reachable yet, spooling ESL events');
        await sleep(Math.min(FIRST_RETRY_DELAY_MS * 2 ** attempt, MAX_RETRY_DELAY_MS), undefined, { signal }).catch(() => undefined);
        continue;
      }
      if (signal.aborted) {
        await nc.close();
        return;
      }
      this.connection = nc;
      this.acks = new JetStreamAcks(nc, this.ackTimeoutMs, this.ackHandlers);
      this.connected = true;
      this.logger.info({ server: nc.getServer() }, 'ESL publisher: connected to NATS');
      this.schedulePump();
      await this.followStatus(nc);
      return;
    }
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (this.phase === 'stopped') return;
      if (status.type === Events.Disconnect) {
        this.connected = false;
        this.halt('disconnected from NATS');
        this.settle();
      } else if (status.type === Events.Reconnect) {
        this.connected = true;
        if (this.halted && this.pendingFlights === 0) this.scheduleResume();
      }
    }
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    if (this.phase === 'new') {
      this.phase = 'stopped';
      this.drop(this.memory.drain().length, 'stopped before start()');
      return;
    }
    await this.started?.catch(() => undefined);
    this.phase = 'stopping';
    const deadline = Date.now() + timeoutMs;
    while (this.spool !== undefined && Date.now() < deadline && !this.flushed()) await sleep(20);
    this.phase = 'stopped';
    this.stopSignal.abort();
    clearTimeout(this.retryTimer);
    this.spill(); // what memory still holds waits in the spool for the next start
    this.flights = [];
    this.pendingFlights = 0;
    if (this.spool === undefined) this.drop(this.memory.drain().length, 'the spool could not be opened');
    const pending = this.spool?.stats.pending ?? 0;
    await this.spool?.close().catch((error: unknown) => this.logger.error({ err: error }, 'ESL publisher: closing the spool failed'));
    this.acks?.close();
    const nc = this.connection;
    if (nc !== undefined && !nc.isClosed()) {
      // Drained acks are not needed (the spool keeps anything unacknowledged): just close.
      await nc.close().catch(() => undefined);
    }
    this.logger.info({ ...this.counters, spoolPending: pending }, 'ESL publisher stopped');
  }

  private flushed(): boolean {
    return this.memory.length === 0 && this.flights.length === 0 && !(this.spool?.hasUnread() ?? false);
  }

  /** Counts lost events; logs at most once a second so a flood of losses cannot flood the log. */
  private drop(count: number, reason: string, error?: unknown): void {
    if (count <= 0) return;
    this.counters.dropped += count;
    this.unloggedDrops += count;
    const now = Date.now();
    if (now - this.lastDropLog < LOG_INTERVAL_MS) return;
    this.lastDropLog = now;
    this.logger.error(
      { lost: this.unloggedDrops, dropped: this.counters.dropped, ...(error === undefined ? {} : { err: error }) },
      `ESL publisher: events lost: ${reason}`,
    );
    this.unloggedDrops = 0;
  }
}
