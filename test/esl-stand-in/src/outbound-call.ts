import { connect as netConnect } from 'node:net';
import type { EslEvent, EslHeaders } from '@sapien/esl-protocol';
import { Channel } from './channel.ts';
import { EslConnection, type ControlledSession } from './connection.ts';
import type { EslSwitch } from './esl-switch.ts';
import { connectReply, disconnectNotice, lingerNotice } from './wire-frames.ts';

export type DialOptions = Readonly<{
  /** The channel's Unique-ID (random by default). */
  uuid?: string;
  /** Headers added to or replacing the default channel data (`Channel-Name`, `variable_…`). */
  channelData?: Readonly<EslHeaders>;
  /** `socket … full`: without it, FreeSWITCH refuses `event`, `linger`, `api`, `bgapi` … (default true). */
  full?: boolean;
  /** `socket … async`: only changes the `Socket-Mode` header here (default true). */
  async?: boolean;
  /** How long FreeSWITCH waits for the first command before it hangs up (default 5000). */
  connectTimeoutMs?: number;
}>;

/** A call that FreeSWITCH's `socket` application handed to an outbound-mode listener. */
export interface OutboundCall {
  readonly uuid: string;
  readonly channelName: string;
  /** True once `connect` was answered; false if the socket closed first (or never opened). */
  readonly connected: Promise<boolean>;
  /** Resolves when the socket has closed, for whatever reason. */
  readonly closed: Promise<void>;
  /** The connection error, when the listener could not be reached. */
  readonly error: Error | undefined;
  /** Sends one of the call's events (Unique-ID filled in when missing); returns its sequence. */
  emit(event: EslEvent): number;
  /**
   * Hangs up: CHANNEL_HANGUP, the linger notice when the client asked to linger, then
   * CHANNEL_HANGUP_COMPLETE, the disconnect notice, and the socket closes.
   */
  hangup(cause?: string): Promise<void>;
}

export class OutboundCallImpl implements OutboundCall, ControlledSession {
  readonly uuid: string;
  readonly channelName: string;
  readonly full: boolean;
  readonly async: boolean;
  readonly connected: Promise<boolean>;
  readonly closed: Promise<void>;
  error: Error | undefined;
  readonly #switch: EslSwitch;
  readonly #channel: Channel;
  readonly #connectTimeoutMs: number;
  #connection: EslConnection | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
  #resolveConnected: (value: boolean) => void = () => undefined;
  #hungUp = false;

  constructor(sw: EslSwitch, port: number, host: string, options: DialOptions) {
    this.#switch = sw;
    this.full = options.full ?? true;
    this.async = options.async ?? true;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000;
    this.#channel = new Channel({
      ...(options.uuid === undefined ? {} : { uuid: options.uuid }),
      ...(options.channelData === undefined ? {} : { channelData: options.channelData }),
      ipv4: sw.identity.ipv4,
      socketTarget: `${host}:${port}${this.async ? ' async' : ''}${this.full ? ' full' : ''}`,
      createdMicros: sw.identity.nowMicros(),
    });
    this.uuid = this.#channel.uuid;
    this.channelName = this.#channel.channelName;
    this.connected = new Promise((resolve) => (this.#resolveConnected = resolve));
    sw.addSession(this);

    const socket = netConnect({ port, host });
    socket.on('error', (error) => (this.error ??= error));
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        clearTimeout(this.#connectTimer);
        this.#resolveConnected(false);
        if (!this.#hungUp) sw.removeSession(this);
        resolve();
      }),
    );
    socket.once('connect', () => {
      this.#connection = new EslConnection(socket, sw, this);
      sw.adopt(this.#connection);
      // FreeSWITCH gives up on a listener that says nothing, and hangs up.
      this.#connectTimer = setTimeout(() => this.#connection?.end(disconnectNotice(this.uuid)), this.#connectTimeoutMs);
    });
  }

  // --- ControlledSession (what the connection's commands see) -------------------------------

  connectReply(): Buffer {
    const data: EslHeaders = {
      ...this.#switch.identity.baseHeaders('CHANNEL_DATA', ['mod_event_socket.c', 'parse_command', 2021]),
      ...this.#channel.data,
    };
    return connectReply(data, { full: this.full, async: this.async });
  }

  variable(name: string): string | undefined {
    return this.#channel.variable(name);
  }

  commandArrived(): void {
    clearTimeout(this.#connectTimer);
  }

  markConnected(): void {
    this.#resolveConnected(true);
  }

  // --- OutboundCall --------------------------------------------------------------------------

  emit(event: EslEvent): number {
    const headers = 'Unique-ID' in event.headers ? event : { ...event, headers: { ...event.headers, 'Unique-ID': this.uuid } };
    return this.#switch.emit(headers);
  }

  hangup(cause = 'NORMAL_CLEARING'): Promise<void> {
    if (this.#hungUp) return this.closed;
    this.#hungUp = true;
    const sw = this.#switch;
    sw.emit(this.#channel.hangupEvent(cause, sw.identity.nowMicros()));
    const connection = this.#connection;
    if (connection?.open === true && connection.linger !== undefined) {
      // FreeSWITCH tells a lingering client as soon as the channel is down; the rest follows.
      connection.queue(lingerNotice(this.uuid, this.channelName, connection.linger));
      connection.flush();
    }
    sw.emit(this.#channel.hangupCompleteEvent(cause, sw.identity.nowMicros()));
    sw.removeSession(this);
    connection?.end(disconnectNotice(this.uuid));
    return this.closed;
  }
}
