import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { EslEvent } from '@sapien/esl-protocol';
import { EslConnection } from './connection.ts';
import { EslSwitch, type ApiHandler } from './esl-switch.ts';
import { fixtureFrameBytes, type RecordedTrafficEntry } from './fixtures.ts';
import { OutboundCallImpl, type DialOptions, type OutboundCall } from './outbound-call.ts';
import { emitAtRate, eventPool, pooledEvent } from './rate-emitter.ts';
import { heartbeatEvent } from './system-events.ts';
import { authRequest } from './wire-frames.ts';

export type EslStandInOptions = Readonly<{
  /** `auth` password (default `ClueCon`, FreeSWITCH's). */
  password?: string;
  /** FreeSWITCH-Hostname and -Switchname of every event (default `fs1`). */
  hostname?: string;
  /** FreeSWITCH-IPv4 of every event (default `127.0.0.1`). */
  ipv4?: string;
  /** Core-UUID of the first run (random by default; every restart makes a new one). */
  coreUuid?: string;
  /** HEARTBEAT every so many milliseconds; 0 (the default) sends none unless `heartbeat()` is called. */
  heartbeatIntervalMs?: number;
  /** Answers `api`/`bgapi` (default: `status`, `version`; anything else `-ERR <cmd> Command not found!`). */
  api?: ApiHandler;
  /** Delay before a bgapi's BACKGROUND_JOB (default 5 ms). */
  bgapiDelayMs?: number;
  /** Port to listen on (default: a free one). */
  port?: number;
}>;

const HOST = '127.0.0.1';
const DEFAULT_WAIT_MS = 5000;

/**
 * FreeSWITCH's side of the Event Socket, for tests and benchmarks: an inbound-mode server on
 * 127.0.0.1 (auth, event subscriptions, filters, api, bgapi, heartbeats, replayed captures) and
 * outbound-mode calls dialled to a listener (`dial`).
 */
export class EslStandIn {
  readonly host = HOST;
  readonly #server: Server;
  readonly #switch: EslSwitch;
  readonly #password: string;
  readonly #heartbeatTimer: NodeJS.Timeout | undefined;
  #port: number;
  #closed = false;

  private constructor(server: Server, sw: EslSwitch, password: string, heartbeatIntervalMs: number) {
    this.#server = server;
    this.#switch = sw;
    this.#password = password;
    this.#port = (server.address() as AddressInfo).port;
    this.#heartbeatTimer =
      heartbeatIntervalMs > 0 ? setInterval(() => this.heartbeat(), heartbeatIntervalMs).unref() : undefined;
  }

  static async start(options: EslStandInOptions = {}): Promise<EslStandIn> {
    const password = options.password ?? 'ClueCon';
    const sw = new EslSwitch({
      password,
      hostname: options.hostname ?? 'fs1',
      ipv4: options.ipv4 ?? HOST,
      ...(options.coreUuid === undefined ? {} : { coreUuid: options.coreUuid }),
      ...(options.api === undefined ? {} : { api: options.api }),
      bgapiDelayMs: options.bgapiDelayMs ?? 5,
    });
    const server = createServer((socket) => accept(sw, socket));
    server.listen(options.port ?? 0, HOST);
    await once(server, 'listening');
    return new EslStandIn(server, sw, password, options.heartbeatIntervalMs ?? 0);
  }

  get port(): number {
    return this.#port;
  }

  get coreUuid(): string {
    return this.#switch.identity.coreUuid;
  }

  /** `esl://:<password>@127.0.0.1:<port>/<node>`, as SAPIEN_ESL_TARGETS lists a FreeSWITCH. */
  url(node = 'fs1'): string {
    return `esl://:${encodeURIComponent(this.#password)}@${HOST}:${this.#port}/${node}`;
  }

  /** Inbound connections currently open (authenticated or not). */
  connectionCount(): number {
    return this.#switch.inboundCount();
  }

  /** Every command received, in order, on every connection (LF line ends, no closing blank line). */
  get received(): readonly string[] {
    return this.#switch.received;
  }

  /** The first command, received already or later, that `predicate` accepts. */
  waitForCommand(predicate: (command: string) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<string> {
    return this.#switch.waitFor(() => this.#switch.received.find(predicate), timeoutMs, 'a matching command');
  }

  /** Resolves once at least `n` inbound connections are open. */
  async waitForConnections(n: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    await this.#switch.waitFor(() => (this.connectionCount() >= n ? true : undefined), timeoutMs, `${n} connection(s)`);
  }

  /**
   * Sends an event to every connection subscribed to it, in its format. Core-UUID, host,
   * Event-Date-* and Event-Sequence (one more than the last) are filled when missing.
   * Returns the event's sequence.
   */
  emit(event: EslEvent): number {
    return this.#switch.emit(event);
  }

  /**
   * Sends `count` events at a steady rate (by default realistic traffic from a fixed pool),
   * batching each tick's events into one write per connection and waiting on slow readers.
   * Events that `make` returns again are encoded once: hand it a pool for high rates.
   */
  emitAtRate(eventsPerSecond: number, count: number, make: (i: number) => EslEvent = pooledEvent): Promise<void> {
    if (make === pooledEvent) eventPool();
    return emitAtRate(this.#switch, eventsPerSecond, count, make, () => this.#closed);
  }

  /** Sends a HEARTBEAT now; returns its sequence. */
  heartbeat(): number {
    return this.#switch.emit(heartbeatEvent(this.#switch.stats()));
  }

  /** Sends the `in` frames of a capture, byte for byte as recorded, to every authenticated connection. */
  replay(entries: readonly RecordedTrafficEntry[]): void {
    const bytes = Buffer.concat(entries.filter((entry) => entry.direction === 'in').map(fixtureFrameBytes));
    this.sendRaw(bytes);
  }

  /** Writes bytes as they are (a malformed frame, say) to every authenticated connection. */
  sendRaw(bytes: Buffer | string): void {
    const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    for (const connection of this.#switch.connections) {
      if (!connection.authed) continue;
      connection.queue(buffer);
      connection.flush();
    }
  }

  /** While silent, nothing is written (no auth request, reply or event); sockets stay open. */
  setSilent(silent: boolean): void {
    this.#switch.setSilent(silent);
  }

  /**
   * FreeSWITCH restarting: every connection drops, the next events carry a new Core-UUID and
   * sequences start again from 1. With `downtimeMs`, connections are refused meanwhile.
   */
  async restart(options: Readonly<{ downtimeMs?: number }> = {}): Promise<void> {
    this.#switch.dropAll();
    this.#switch.identity.restart();
    const downtimeMs = options.downtimeMs ?? 0;
    if (downtimeMs <= 0 || this.#closed) return;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    if (this.#closed) return;
    this.#server.listen(this.#port, HOST);
    await once(this.#server, 'listening');
  }

  /** Drops every connection abruptly (no notice), as a network failure would; identity unchanged. */
  dropConnections(): void {
    this.#switch.dropAll();
  }

  /** FreeSWITCH's `socket` application: a call dialled to an outbound-mode listener. */
  dial(port: number, host = HOST, options: DialOptions = {}): OutboundCall {
    return new OutboundCallImpl(this.#switch, port, host, options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeatTimer);
    this.#switch.dropAll();
    if (this.#server.listening) await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function accept(sw: EslSwitch, socket: Socket): void {
  const connection = new EslConnection(socket, sw);
  sw.adopt(connection);
  connection.write(authRequest());
}
