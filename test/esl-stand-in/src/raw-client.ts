import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import {
  FrameParser,
  authCommand,
  classifyFrame,
  eventCommand,
  type CommandReply,
  type EslMessage,
  type EventMessage,
} from '@sapien/esl-protocol';

/**
 * The client side for the stand-in's own specs: a raw socket, esl-protocol's parser, and the
 * messages received so far, taken out of order by predicate (events interleave with replies).
 */
export class RawClient {
  readonly #socket: Socket;
  readonly #parser = new FrameParser();
  readonly #chunks: Buffer[] = [];
  #unread: EslMessage[] = [];
  #waiters: Array<() => void> = [];
  #ended = false;
  readonly closed: Promise<void>;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      const { frames, error } = this.#parser.push(chunk);
      for (const frame of frames) this.#unread.push(classifyFrame(frame));
      if (error !== undefined) socket.destroy(error);
      this.#wake();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.#ended = true;
        this.#wake();
        resolve();
      }),
    );
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    const socket = connect({ port, host });
    await once(socket, 'connect');
    return new RawClient(socket);
  }

  /** Connects and authenticates (password `ClueCon` unless given). */
  static async authed(port: number, password = 'ClueCon'): Promise<RawClient> {
    const client = await RawClient.connect(port);
    await client.take((m) => m.type === 'auth-request');
    const reply = await client.command(authCommand(password));
    if (!reply.ok) throw new Error(`auth refused: ${reply.replyText}`);
    return client;
  }

  /** Connects, authenticates and subscribes. */
  static async subscribed(port: number, format: 'plain' | 'json', names: readonly string[]): Promise<RawClient> {
    const client = await RawClient.authed(port);
    const reply = await client.command(eventCommand(format, names));
    if (!reply.ok) throw new Error(`event refused: ${reply.replyText}`);
    return client;
  }

  /** Every byte received so far. */
  bytes(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  get ended(): boolean {
    return this.#ended;
  }

  send(text: string | Buffer): void {
    this.#socket.write(text);
  }

  /** Sends a command and resolves with the next command reply. */
  async command(text: string): Promise<CommandReply> {
    this.send(text);
    return (await this.take((m) => m.type === 'command-reply')) as CommandReply;
  }

  /** Removes and returns the first received message `accept`s, waiting for it if need be. */
  async take(accept: (message: EslMessage) => boolean, timeoutMs = 3000): Promise<EslMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.#unread.findIndex(accept);
      if (index !== -1) return this.#unread.splice(index, 1)[0]!;
      if (this.#ended) throw new Error('the connection closed before the expected message');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no expected message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next `count` events, in order. */
  async events(count: number, timeoutMs = 3000): Promise<EventMessage[]> {
    const events: EventMessage[] = [];
    while (events.length < count) events.push((await this.take((m) => m.type === 'event', timeoutMs)) as EventMessage);
    return events;
  }

  /** Messages received and not taken yet. */
  unread(): readonly EslMessage[] {
    return this.#unread;
  }

  /** Stops reading from the socket (the stand-in then meets backpressure). */
  pause(): void {
    this.#socket.pause();
  }

  resume(): void {
    this.#socket.resume();
  }

  close(): void {
    this.#socket.destroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Resolves once `condition` holds, polling; rejects after `timeoutMs`. */
/** For specs: keeps the clients a test connects, so afterEach closes them all. */
export class RawClients {
  readonly #clients: RawClient[] = [];

  async track(client: Promise<RawClient>): Promise<RawClient> {
    const connected = await client;
    this.#clients.push(connected);
    return connected;
  }

  closeAll(): void {
    for (const client of this.#clients.splice(0)) client.close();
  }
}

export async function eventually(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
