import { randomUUID } from 'node:crypto';
import { createConnection, type Socket } from 'node:net';
import { authCommand, classifyFrame, FrameParser, headerText, type EslEvent, type EslProtocolError, type RawFrame } from '@sapien/esl-protocol';
import { SystemClock, type Clock } from '@sapien/kernel';
import type { Logger } from 'pino';
import type { NodeStatus } from '../hub.ts';
import type { ConnectionSink } from '../hub/connection-sink.ts';
import { EslCommandError } from '../hub/esl-command-error.ts';
import { EventStream } from '../hub/event-stream.ts';
import { emptyMetrics, type MutableNodeMetrics, type NodeMetrics } from '../hub/node-metrics.ts';
import { inboundWireFrame, outboundWireFrame } from '../hub/wire-frame.ts';
import type { EslTarget } from '../targets/parse-targets.ts';
import { BackgroundCommands, type BgapiResult } from './background-commands.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { CommandCorrelation } from './command-correlation.ts';
import { SilenceWatchdog } from './silence-watchdog.ts';
import { subscriptionCommands, type EslFilter } from './subscription.ts';
import { systemTimers, type Cancel, type Timers } from './timers.ts';

export type InboundSettings = Readonly<{
  /** Event names for `event json …`; `CUSTOM::<subclass>` or `CUSTOM <subclass> …` for CUSTOM events. */
  events: readonly string[];
  filters: readonly EslFilter[];
  /** Nothing heard for this long closes and reconnects (FreeSWITCH sends HEARTBEAT every 20 s). */
  heartbeatTimeoutMs: number;
  commandTimeoutMs: number;
  jobTimeoutMs: number;
  backoff: BackoffOptions;
}>;

export const DEFAULT_INBOUND_SETTINGS: InboundSettings = {
  events: ['ALL'],
  filters: [],
  heartbeatTimeoutMs: 45_000,
  commandTimeoutMs: 30_000,
  jobTimeoutMs: 600_000,
  backoff: DEFAULT_BACKOFF,
};

export type InboundConnectionOptions = Readonly<{
  target: EslTarget;
  sink: ConnectionSink;
  logger: Logger;
  settings?: Partial<InboundSettings>;
  /** In [0, 1): the back-off jitter. */
  random?: () => number;
  timers?: Timers;
  clock?: Clock;
  newJobUuid?: () => string;
}>;

type State = NodeStatus['state'];

/**
 * The event socket to one FreeSWITCH: connect, `auth`, `event json …` and filters, then every
 * frame handed on as it is read. It never pauses the socket: FreeSWITCH drops a client that
 * falls behind, so back-pressure is the publisher's (it spools). Lost, silent or broken
 * connections are closed and made again with back-off, and subscribed again.
 */
export class InboundConnection {
  readonly node: string;
  private readonly settings: InboundSettings;
  private readonly subscription: readonly string[];
  private readonly logger: Logger;
  private readonly sink: ConnectionSink;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly counters: MutableNodeMetrics = emptyMetrics();
  private readonly stream: EventStream;
  private readonly correlation = new CommandCorrelation();
  private readonly commands: BackgroundCommands;
  private readonly watchdog: SilenceWatchdog;
  private state: State = 'disconnected';
  private socket: Socket | undefined;
  private attempt = 0;
  private cancelReconnect: Cancel | undefined;
  private started = false;
  private stopping = false;

  constructor(private readonly options: InboundConnectionOptions) {
    this.node = options.target.node;
    this.settings = { ...DEFAULT_INBOUND_SETTINGS, ...options.settings };
    // Built now, so a bad event name or filter fails at start-up rather than on every connect.
    this.subscription = subscriptionCommands(this.settings.events, this.settings.filters);
    this.logger = options.logger.child({ node: this.node, mode: 'inbound' });
    this.sink = options.sink;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? new SystemClock();
    const now = (): string => this.clock.now();
    this.stream = new EventStream({
      sink: this.sink,
      metrics: this.counters,
      logger: this.logger,
      now,
      onCoreUuid: () => this.sink.status(this.status()),
    });
    this.commands = new BackgroundCommands(this.correlation, this.timers, {
      node: this.node,
      commandTimeoutMs: this.settings.commandTimeoutMs,
      jobTimeoutMs: this.settings.jobTimeoutMs,
      newJobUuid: options.newJobUuid ?? randomUUID,
    });
    this.watchdog = new SilenceWatchdog(this.timers, this.settings.heartbeatTimeoutMs, () => this.onSilent());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  /** Closes the socket, cancels timers and waiting commands; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelReconnect?.();
    this.cancelReconnect = undefined;
    this.watchdog.stop();
    this.correlation.failJobs(new EslCommandError('disconnected', `the connection to ${this.node} was stopped`, { node: this.node }));
    const socket = this.socket;
    if (socket !== undefined && !socket.closed) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.destroy();
      await closed;
    }
    this.setState('disconnected');
  }

  status(): NodeStatus {
    const { coreUuid, lastSequence } = this.stream;
    return {
      node: this.node,
      mode: 'inbound',
      state: this.state,
      ...(coreUuid === undefined ? {} : { coreUuid }),
      ...(lastSequence === undefined ? {} : { lastSequence }),
    };
  }

  metrics(): NodeMetrics {
    return { ...this.counters };
  }

  bgapi(cmd: string): Promise<BgapiResult> {
    const write = this.writer();
    return write === undefined ? Promise.reject(this.notReady()) : this.commands.bgapi(write, cmd);
  }

  api(cmd: string): Promise<string> {
    const write = this.writer();
    return write === undefined ? Promise.reject(this.notReady()) : this.commands.api(write, cmd);
  }

  private writer(): ((text: string) => void) | undefined {
    const socket = this.socket;
    if (this.state !== 'ready' || socket === undefined) return undefined;
    return (text) => this.write(socket, text);
  }

  private notReady(): EslCommandError {
    return new EslCommandError('not_ready', `${this.node} is ${this.state}, not ready for commands`, { node: this.node, state: this.state });
  }

  private connect(): void {
    const { host, port } = this.options.target;
    const socket = createConnection({ host, port, noDelay: true, keepAlive: true });
    const parser = new FrameParser();
    this.socket = socket;
    this.setState('connecting');
    // Armed before the TCP connect completes: a black-holed address counts as silence too.
    this.watchdog.start();
    socket.on('data', (chunk: Buffer) => this.onData(socket, parser, chunk));
    socket.on('end', () => {
      const error = parser.end();
      if (error !== undefined && socket === this.socket) this.onFrameError(socket, error);
    });
    socket.on('error', (error) => this.logger.warn({ err: error, host, port }, `ESL connection to ${this.node} failed: ${error.message}`));
    socket.on('close', () => this.onClose(socket));
  }

  private onData(socket: Socket, parser: FrameParser, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.watchdog.heard();
    const { frames, error } = parser.push(chunk);
    for (const frame of frames) {
      if (socket.destroyed) return;
      this.onFrame(socket, frame);
    }
    if (error !== undefined && !socket.destroyed) this.onFrameError(socket, error);
  }

  private onFrame(socket: Socket, frame: RawFrame): void {
    if (this.sink.capturing()) this.sink.frame(inboundWireFrame(frame, this.node, this.clock.now()));
    const message = classifyFrame(frame);
    switch (message.type) {
      case 'event':
        this.onEvent(message.event);
        return;
      case 'command-reply':
        if (!this.correlation.reply(message)) this.logger.warn({ replyText: message.replyText }, 'a command/reply nothing waited for');
        return;
      case 'auth-request':
        this.authenticate(socket);
        return;
      case 'error':
        this.counters.badEvents += 1;
        this.logger.warn({ err: message.error, code: message.error.code }, `an event from ${this.node} did not decode; dropped`);
        return;
      case 'disconnect-notice':
        this.logger.info({ notice: message.body.trim() }, `${this.node} is closing the connection`);
        return;
      case 'rude-rejection':
        this.logger.error({ notice: message.body.trim() }, `${this.node} refused the connection (check its event socket ACL)`);
        return;
      case 'api-response':
      case 'log-data':
      case 'unknown':
        this.logger.debug({ contentType: frame.contentType }, 'a frame with nothing to do');
        return;
    }
  }

  private onEvent(event: EslEvent): void {
    if (headerText(event, 'Event-Name') === 'BACKGROUND_JOB') {
      const jobUuid = headerText(event, 'Job-UUID');
      if (jobUuid !== undefined) this.correlation.job(jobUuid, event.body ?? '');
    }
    this.stream.accept(event, this.node);
  }

  private authenticate(socket: Socket): void {
    if (this.state !== 'connecting') {
      this.logger.warn({ state: this.state }, 'an auth/request out of turn; ignored');
      return;
    }
    this.setState('authenticating');
    this.correlation.awaitReply({
      onReply: (reply) => {
        if (reply.ok) {
          this.subscribe(socket);
          return;
        }
        this.counters.authFailures += 1;
        this.logger.error({ replyText: reply.replyText }, `${this.node} refused the password (${reply.replyText}); retrying with back-off`);
        socket.destroy();
      },
      onFail: () => {},
    });
    this.write(socket, authCommand(this.options.target.password));
  }

  private subscribe(socket: Socket): void {
    this.subscription.forEach((text, index) => {
      const last = index === this.subscription.length - 1;
      this.correlation.awaitReply({
        onReply: (reply) => {
          if (!reply.ok) this.logger.error({ command: text.trim(), replyText: reply.replyText }, `${this.node} refused a subscription command`);
          if (last) this.onReady();
        },
        onFail: () => {},
      });
      this.write(socket, text);
    });
  }

  private onReady(): void {
    this.attempt = 0;
    this.setState('ready');
    this.logger.info(`subscribed to the events of ${this.node}`);
  }

  private write(socket: Socket, text: string): void {
    if (this.sink.capturing()) this.sink.frame(outboundWireFrame(text, this.node, this.clock.now()));
    socket.write(text);
  }

  private onFrameError(socket: Socket, error: EslProtocolError): void {
    this.counters.frameErrors += 1;
    this.logger.error({ err: error, code: error.code }, `the byte stream from ${this.node} broke the ESL grammar; reconnecting`);
    socket.destroy();
  }

  private onSilent(): void {
    this.logger.warn(`nothing heard from ${this.node} for ${this.settings.heartbeatTimeoutMs} ms; reconnecting`);
    this.socket?.destroy();
  }

  private onClose(socket: Socket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.watchdog.stop();
    this.correlation.failReplies(new EslCommandError('disconnected', `the connection to ${this.node} closed`, { node: this.node }));
    this.setState('disconnected');
    if (this.stopping) return;
    const delayMs = backoffDelay(this.attempt, this.settings.backoff, this.random);
    this.attempt += 1;
    this.logger.info({ delayMs, attempt: this.attempt }, `connection to ${this.node} lost; reconnecting`);
    this.cancelReconnect = this.timers.schedule(delayMs, () => {
      this.cancelReconnect = undefined;
      this.counters.reconnects += 1;
      this.connect();
    });
  }

  private setState(state: State): void {
    if (this.state === state) return;
    this.state = state;
    this.sink.status(this.status());
  }
}
