import type { Socket } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import { TEST_TOKEN } from './test-server.ts';

export type Received = Readonly<Record<string, unknown>> & { type: string };

export type Response = Readonly<{ type: 'response'; id: unknown; ok: boolean; result?: unknown; error?: { code: string; message: string; field?: string } }>;

/**
 * A real `ws` client that records what it receives and can wait for a message, send a command
 * and wait for its response, or stop reading its socket (to play a stalled client).
 */
export class TestClient {
  readonly received: Received[] = [];
  readonly closed: Promise<Readonly<{ code: number; reason: string }>>;
  private waiters: Array<() => void> = [];
  private nextId = 1;
  private tcp: Socket | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as Received);
      this.wake();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    socket.on('error', () => undefined);
  }

  /** Connects with the test token in the Authorization header (or as `options` say) and waits for open. */
  static async open(url: string, options: ClientOptions & { protocols?: string[] } = {}): Promise<TestClient> {
    const { protocols, ...rest } = options;
    let tcp: Socket | undefined;
    const socket = new WebSocket(url, protocols ?? [], {
      headers: protocols === undefined && !url.includes('access_token') ? { authorization: `Bearer ${TEST_TOKEN}` } : {},
      ...rest,
    });
    const client = new TestClient(socket);
    // The handshake response's socket is the connection's TCP socket.
    socket.once('upgrade', (response) => (tcp = response.socket));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    client.tcp = tcp;
    return client;
  }

  /** Sends a CommandMessage and waits for the response with its id. */
  async request(command: string, value?: unknown): Promise<Response> {
    const id = `c${this.nextId++}`;
    this.socket.send(JSON.stringify(value === undefined ? { id, command } : { id, command, value }));
    return (await this.next((message) => message.type === 'response' && message.id === id)) as unknown as Response;
  }

  /** Sends raw text (a malformed message, say). */
  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** The first received message matching, waiting for it if need be. */
  async next(matches: (message: Received) => boolean): Promise<Received> {
    for (;;) {
      const found = this.received.find(matches);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Waits until `condition` holds over what was received. */
  async until(condition: (received: readonly Received[]) => boolean): Promise<void> {
    while (!condition(this.received)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  events(): Array<Readonly<{ name: string; subclass?: string; node: string }>> {
    return this.received.filter((message) => message.type === 'event').map((message) => message.event as { name: string; node: string });
  }

  /** Stops reading the TCP socket: what the server sends piles up in its buffers. */
  stall(): void {
    this.tcp?.pause();
  }

  resume(): void {
    this.tcp?.resume();
  }

  close(): void {
    this.socket.terminate();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
