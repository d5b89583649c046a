import type { Socket } from 'node:net';
import { CommandReader, type EslCommand } from './command-reader.ts';
import { Subscription } from './subscription.ts';
import { commandReply } from './wire-frames.ts';

/** What a connection asks of the stand-in that owns it. */
export interface ConnectionOwner {
  isSilent(): boolean;
  /** Every command, in the order received, before it runs. */
  record(connection: EslConnection, command: EslCommand): void;
  handle(connection: EslConnection, command: EslCommand): void | Promise<void>;
  forget(connection: EslConnection): void;
}

/** What an outbound connection controls: its channel. */
export interface ControlledSession {
  readonly uuid: string;
  readonly channelName: string;
  readonly full: boolean;
  readonly async: boolean;
  /** The `connect` reply for this channel. */
  connectReply(): Buffer;
  variable(name: string): string | undefined;
  /** The first command arrived: FreeSWITCH stops waiting for `connect`. */
  commandArrived(): void;
  markConnected(): void;
  hangup(cause: string): void;
}

// A socket closed by us is given this long to take the last bytes before it is destroyed.
const CLOSE_GRACE_MS = 1000;

/**
 * One ESL socket on FreeSWITCH's side: commands in (one at a time, as mod_event_socket runs
 * them), replies and event frames out. Event frames wait while an `api` runs (FreeSWITCH blocks
 * event delivery on that connection) and are written in batches; `flush` reports backpressure.
 */
export class EslConnection {
  readonly subscription = new Subscription();
  authed: boolean;
  /** Seconds to linger after hang-up (-1: until closed); undefined without `linger`. */
  linger: number | undefined;
  logging = false;
  readonly session: ControlledSession | undefined;
  readonly #socket: Socket;
  readonly #owner: ConnectionOwner;
  readonly #reader = new CommandReader();
  #chain: Promise<void> = Promise.resolve();
  #pending: Buffer[] = [];
  #holds = 0;
  #closing = false;
  #closed = false;
  readonly closed: Promise<void>;

  constructor(socket: Socket, owner: ConnectionOwner, session?: ControlledSession) {
    this.#socket = socket;
    this.#owner = owner;
    this.session = session;
    this.authed = session !== undefined; // an outbound socket needs no auth
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.#read(chunk));
    socket.on('error', () => undefined); // a reset by the client is a close, nothing more
    socket.once('close', () => {
      this.#closed = true;
      this.#pending = [];
      owner.forget(this);
    });
  }

  get kind(): 'inbound' | 'outbound' {
    return this.session === undefined ? 'inbound' : 'outbound';
  }

  get open(): boolean {
    return !this.#closing && !this.#closed;
  }

  /** Writes a reply now (replies are never held back by an `api` in progress). */
  write(bytes: Buffer): boolean {
    if (!this.open || this.#owner.isSilent()) return true;
    return this.#socket.write(bytes);
  }

  reply(replyText: string): void {
    this.write(commandReply(replyText));
  }

  /** Queues an event frame (or a notice that must stay in order with events); `flush` writes them. */
  queue(frame: Buffer | readonly Buffer[]): void {
    if (!this.open || this.#owner.isSilent()) return;
    if (Buffer.isBuffer(frame)) this.#pending.push(frame);
    else for (const part of frame) this.#pending.push(part);
  }

  /** Writes the queued frames in one write; false when the socket asks to wait for 'drain'. */
  flush(): boolean {
    if (this.#holds > 0 || this.#pending.length === 0 || !this.open) return !this.#socket.writableNeedDrain;
    const frames = this.#pending;
    this.#pending = [];
    this.#socket.cork();
    let ok = true;
    for (const frame of frames) ok = this.#socket.write(frame);
    this.#socket.uncork();
    return ok;
  }

  get needsDrain(): boolean {
    return this.open && this.#socket.writableNeedDrain;
  }

  /** Resolves when the socket has room again, or is gone. */
  drained(): Promise<void> {
    if (!this.needsDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.once('drain', done);
      this.#socket.once('close', done);
    });
  }

  /** Holds event frames back while an `api` command runs. */
  hold(): void {
    this.#holds++;
  }

  release(): void {
    this.#holds = Math.max(0, this.#holds - 1);
    this.flush();
  }

  /** Sends what is queued, then `last` (a disconnect notice), then closes as FreeSWITCH does. */
  end(last?: Buffer): void {
    if (!this.open) return;
    this.#holds = 0;
    this.flush();
    if (last !== undefined) this.write(last);
    this.#closing = true;
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  /** Closes at once, without a notice: a crash or a network failure. */
  destroy(): void {
    this.#closing = true;
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    if (!this.open) return;
    const { commands, error } = this.#reader.push(chunk);
    for (const command of commands) {
      this.#owner.record(this, command);
      this.session?.commandArrived();
      // One command at a time, in order: an `api` delays the commands after it, as in FreeSWITCH.
      this.#chain = this.#chain
        .then(() => (this.open ? this.#owner.handle(this, command) : undefined))
        .catch(() => this.reply('-ERR internal error'));
    }
    if (error !== undefined) {
      this.#chain = this.#chain.then(() => {
        this.reply(`-ERR ${error}`);
        this.end();
      });
    }
  }
}
