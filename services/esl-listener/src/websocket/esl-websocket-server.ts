import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { TrafficCapture } from '../capture/index.ts';
import type { EslHub, PublishedEslEvent, Unsubscribe } from '../hub.ts';
import { encodeEslEventPayload } from '../publishing/payload.ts';
import { bearerToken, type BearerToken } from './bearer-token.ts';
import { ClientConnection } from './client-connection.ts';
import { runCommand, type CommandContext } from './command-handlers.ts';
import { WebSocketMessageError, isInternal, wireError } from './errors.ts';
import type { CommandMessage, CommandName } from './messages.ts';
import { messageId, parseCommandMessage } from './parse-command.ts';
import { refuseUpgrade } from './upgrade-refusal.ts';

export type EslWebSocketServerOptions<P> = Readonly<{
  /** The listener's HTTP server; upgrades on `path` are taken, others answered 404 unless someone else listens. */
  server: Server;
  hub: EslHub;
  /** The principal a bearer token stands for, or undefined when the token is not valid. */
  authenticate: (token: string) => Promise<P | undefined>;
  /** Whether a principal may run a command (default: every authenticated client may run all). */
  authorize?: (principal: P, command: CommandName) => boolean;
  /** Shared with whoever else reads captures; one of its own otherwise. */
  capture?: TrafficCapture;
  path?: string;
  /** Per-client send buffer before the client is closed with 1013 (default 8 MiB). */
  maxBufferedBytes?: number;
  /** Keep-alive ping period; a peer that has not answered the previous ping is terminated (default 30 s). */
  pingIntervalMs?: number;
  /** Largest client message (default 64 KiB). */
  maxPayloadBytes?: number;
  /** api/bgapi commands per client waiting at once (default 16). */
  maxInFlight?: number;
  /** How long close() lets clients answer the close frame before cutting them off (default 1 s). */
  closeGraceMs?: number;
  logger?: Logger;
}>;

export type EslWebSocketMetrics = Readonly<{
  /** Clients connected now. */
  clients: number;
  /** Messages received from clients. */
  messagesReceived: number;
  /** Messages queued to clients: responses, events, background job results. */
  messagesSent: number;
  /** Clients closed with 1013 for not keeping up. */
  closedSlow: number;
  /** Clients terminated for not answering a ping. */
  closedDead: number;
  /** Upgrade requests refused (no or bad token, wrong path). */
  refusedUpgrades: number;
}>;

// `{"type":"event","event":<the ESL_EVENTS payload>}`: the event as the stream carries it.
const EVENT_MESSAGE_HEAD = Buffer.from('{"type":"event","event":');
const EVENT_MESSAGE_TAIL = Buffer.from('}');

const DEFAULTS = {
  path: '/ws',
  maxBufferedBytes: 8 * 1024 * 1024,
  pingIntervalMs: 30_000,
  maxPayloadBytes: 64 * 1024,
  maxInFlight: 16,
  closeGraceMs: 1_000,
} as const;

/**
 * The ESL listener's WebSocket server (PRODUCT.md §6): bearer-authenticated clients send
 * CommandMessages and receive responses, the live events they subscribed to and background job
 * results. Events fan out without waiting on any client: one that falls behind by more than its
 * send buffer is closed with 1013 and the others carry on.
 */
export class EslWebSocketServer<P = unknown> {
  readonly capture: TrafficCapture;
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<ClientConnection<P>>();
  /** Clients closed for being slow, until their socket is gone: close() must not wait on them. */
  private readonly closingClients = new Set<ClientConnection<P>>();
  private readonly bearers = new WeakMap<IncomingMessage, BearerToken>();
  private readonly context: CommandContext;
  private readonly path: string;
  private readonly maxBufferedBytes: number;
  private readonly closeGraceMs: number;
  private readonly ownsCapture: boolean;
  private readonly pinger: NodeJS.Timeout;
  private readonly stopEvents: Unsubscribe;
  private closing = false;
  private counters = { messagesReceived: 0, messagesSent: 0, closedSlow: 0, closedDead: 0, refusedUpgrades: 0 };

  constructor(private readonly options: EslWebSocketServerOptions<P>) {
    this.path = options.path ?? DEFAULTS.path;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULTS.maxBufferedBytes;
    this.closeGraceMs = options.closeGraceMs ?? DEFAULTS.closeGraceMs;
    this.ownsCapture = options.capture === undefined;
    this.capture = options.capture ?? new TrafficCapture(options.hub);
    this.context = {
      hub: options.hub,
      capture: this.capture,
      maxInFlight: options.maxInFlight ?? DEFAULTS.maxInFlight,
      logInternal: (error, command) => options.logger?.error({ err: error, command }, 'websocket command failed'),
    };
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: options.maxPayloadBytes ?? DEFAULTS.maxPayloadBytes,
      // The token's subprotocol is the one a browser offered; echoing it completes its handshake.
      handleProtocols: (_protocols, request) => this.bearers.get(request)?.protocol ?? false,
    });
    options.server.on('upgrade', this.onUpgrade);
    this.stopEvents = options.hub.onEvent(this.fanOut);
    this.pinger = setInterval(this.ping, options.pingIntervalMs ?? DEFAULTS.pingIntervalMs);
    this.pinger.unref();
  }

  metrics(): EslWebSocketMetrics {
    return { clients: this.clients.size, ...this.counters };
  }

  /** Closes every client (1001), stops listening for upgrades, and stops its own captures. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.options.server.off('upgrade', this.onUpgrade);
    clearInterval(this.pinger);
    this.stopEvents();
    if (this.ownsCapture) this.capture.close();
    const closed = [...this.clients].map(
      (client) =>
        new Promise<void>((resolve) => {
          client.socket.once('close', () => resolve());
          client.socket.close(1001, 'server shutting down');
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise<void>((resolve) => (timer = setTimeout(resolve, this.closeGraceMs)))]);
    clearTimeout(timer);
    for (const client of [...this.clients, ...this.closingClients]) client.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== this.path) {
      // Another upgrade listener on the same server may own this path.
      if (this.options.server.listenerCount('upgrade') > 1) return;
      this.refuse(socket, 404, `no WebSocket endpoint at ${url.pathname}`);
      return;
    }
    // Until ws takes the socket, a reset from the peer must not become an uncaught error.
    const ignore = (): void => undefined;
    socket.on('error', ignore);
    if (this.closing) {
      this.refuse(socket, 503, 'the server is shutting down');
      return;
    }
    const bearer = bearerToken(request, url);
    if (bearer === undefined) {
      this.refuse(socket, 401, 'a bearer token is required', { 'WWW-Authenticate': 'Bearer realm="esl-listener"' });
      return;
    }
    this.options.authenticate(bearer.token).then(
      (principal) => {
        if (principal === undefined) {
          this.refuse(socket, 401, 'the bearer token is not valid', { 'WWW-Authenticate': 'Bearer realm="esl-listener", error="invalid_token"' });
          return;
        }
        if (this.closing) {
          this.refuse(socket, 503, 'the server is shutting down');
          return;
        }
        socket.off('error', ignore);
        this.bearers.set(request, bearer);
        this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, principal));
      },
      (error: unknown) => {
        this.options.logger?.error({ err: error }, 'websocket authentication failed');
        this.refuse(socket, 503, 'authentication is unavailable; try again later');
      },
    );
  };

  private refuse(socket: Duplex, status: number, detail: string, headers?: Readonly<Record<string, string>>): void {
    this.counters.refusedUpgrades += 1;
    refuseUpgrade(socket, status, detail, headers);
  }

  private accept(ws: WebSocket, principal: P): void {
    const client = new ClientConnection(
      ws,
      principal,
      { maxBufferedBytes: this.maxBufferedBytes },
      () => (this.counters.messagesSent += 1),
      (slow) => this.onSlow(slow),
    );
    this.clients.add(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    ws.on('error', (error) => this.options.logger?.debug({ err: error }, 'websocket client error'));
    ws.on('close', () => {
      this.clients.delete(client);
      this.closingClients.delete(client);
    });
  }

  private onSlow(client: ClientConnection<P>): void {
    this.counters.closedSlow += 1;
    this.clients.delete(client);
    this.closingClients.add(client);
    this.options.logger?.warn({ bufferedAmount: client.socket.bufferedAmount }, 'websocket client too slow: closed with 1013');
  }

  private onMessage(client: ClientConnection<P>, data: RawData, isBinary: boolean): void {
    this.counters.messagesReceived += 1;
    if (isBinary) {
      client.send({ type: 'response', id: null, ok: false, error: { code: 'invalid-message', message: 'messages are JSON text, not binary' } });
      return;
    }
    const text = rawText(data);
    let message: CommandMessage;
    try {
      message = parseCommandMessage(text);
    } catch (error) {
      client.send({ type: 'response', id: messageId(text), ok: false, error: wireError(error) });
      return;
    }
    const authorize = this.options.authorize;
    if (authorize !== undefined && !authorize(client.principal, message.command)) {
      const error = new WebSocketMessageError('forbidden', `this token may not run ${message.command}`);
      client.send({ type: 'response', id: message.id, ok: false, error: wireError(error) });
      return;
    }
    void this.execute(client, message);
  }

  private async execute(client: ClientConnection<P>, message: CommandMessage): Promise<void> {
    try {
      const outcome = await runCommand(this.context, client, message);
      client.send({ type: 'response', id: message.id, ok: true, result: outcome.result });
      outcome.afterResponse?.();
    } catch (error) {
      const wire = wireError(error);
      if (isInternal(wire)) this.context.logInternal(error, message.command);
      client.send({ type: 'response', id: message.id, ok: false, error: wire });
    }
  }

  private readonly fanOut = (event: PublishedEslEvent): void => {
    // Serialised once, and only when someone wants it; each client's send returns at once.
    let data: Buffer | undefined;
    for (const client of this.clients) {
      if (!client.subscriptions.matches(event)) continue;
      data ??= Buffer.concat([EVENT_MESSAGE_HEAD, encodeEslEventPayload(event), EVENT_MESSAGE_TAIL]);
      client.sendData(data);
    }
  };

  private readonly ping = (): void => {
    for (const client of this.clients) {
      if (!client.alive) {
        this.counters.closedDead += 1;
        this.clients.delete(client);
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  };
}

const rawText = (data: RawData): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
