import type { Socket } from 'node:net';
import {
  channelData,
  classifyFrame,
  connectCommand,
  FrameParser,
  headerText,
  lingerCommand,
  myeventsCommand,
  type CommandReply,
  type EslProtocolError,
  type RawFrame,
} from '@sapien/esl-protocol';
import type { Clock } from '@sapien/kernel';
import type { Logger } from 'pino';
import type { ConnectionSink } from '../hub/connection-sink.ts';
import { EventStream } from '../hub/event-stream.ts';
import type { MutableNodeMetrics } from '../hub/node-metrics.ts';
import { inboundWireFrame, outboundWireFrame } from '../hub/wire-frame.ts';
import { CommandCorrelation } from '../inbound/command-correlation.ts';
import { SilenceWatchdog } from '../inbound/silence-watchdog.ts';
import type { Timers } from '../inbound/timers.ts';
import type { OutboundCallStatus } from './outbound-call-status.ts';

export type OutboundSessionOptions = Readonly<{
  sink: ConnectionSink;
  logger: Logger;
  clock: Clock;
  timers: Timers;
  /** The node of a call whose channel data names no FreeSWITCH-Hostname. */
  defaultNode: string;
  /** Seconds for `linger`; none: FreeSWITCH's own default. */
  lingerSeconds?: number;
  /** After the hang-up notice, this long without a frame ends the session from our side. */
  lingerQuietMs: number;
  metricsFor: (node: string) => MutableNodeMetrics;
  onEnd: (session: OutboundSession) => void;
}>;

/**
 * One call FreeSWITCH's `socket` application dialled in with: `connect` at once (its reply is
 * the channel data), then `myevents json` and `linger`, so the call's events, its hang-up ones
 * included, reach the hub like an inbound connection's. It ends when the socket closes.
 */
export class OutboundSession {
  private node: string;
  private callUuid: string | undefined;
  private coreUuid: string | undefined;
  private state: OutboundCallStatus['state'] = 'connecting';
  private hungUp = false;
  private stream: EventStream | undefined;
  private readonly parser = new FrameParser();
  private readonly correlation = new CommandCorrelation();
  private readonly quiet: SilenceWatchdog;
  private logger: Logger;
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: Socket,
    private readonly options: OutboundSessionOptions,
  ) {
    this.node = options.defaultNode;
    this.logger = options.logger.child({ mode: 'outbound', remote: `${socket.remoteAddress}:${socket.remotePort}` });
    this.quiet = new SilenceWatchdog(options.timers, options.lingerQuietMs, () => {
      this.logger.info(`call ${this.callUuid} hung up and went quiet; closing its socket`);
      socket.end();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      const error = this.parser.end();
      if (error !== undefined) this.onFrameError(error);
    });
    socket.on('error', (error) => this.logger.warn({ err: error }, `outbound socket error: ${error.message}`));
    socket.on('close', () => this.onClose());
    this.correlation.awaitReply({ onReply: (reply) => this.onConnected(reply), onFail: () => {} });
    this.write(connectCommand());
    this.options.sink.status(this.status());
  }

  status(): OutboundCallStatus {
    return {
      node: this.node,
      mode: 'outbound',
      state: this.state,
      ...(this.coreUuid === undefined ? {} : { coreUuid: this.coreUuid }),
      ...(this.stream?.lastSequence === undefined ? {} : { lastSequence: this.stream.lastSequence }),
      ...(this.callUuid === undefined ? {} : { callUuid: this.callUuid }),
      ...(this.hungUp ? { hungUp: true } : {}),
    };
  }

  /** Closes the socket; resolves once it is closed. */
  async close(): Promise<void> {
    this.socket.destroy();
    await this.closed;
  }

  private onConnected(reply: CommandReply): void {
    if (!reply.ok) {
      this.logger.error({ replyText: reply.replyText }, 'FreeSWITCH refused `connect`; closing');
      this.socket.destroy();
      return;
    }
    const data = { headers: channelData(reply) };
    this.node = headerText(data, 'FreeSWITCH-Hostname') || this.options.defaultNode;
    this.callUuid = headerText(data, 'Unique-ID') ?? headerText(data, 'Channel-Unique-ID');
    this.coreUuid = headerText(data, 'Core-UUID');
    this.logger = this.logger.child({ node: this.node, callUuid: this.callUuid });
    this.stream = new EventStream({
      sink: this.options.sink,
      metrics: this.options.metricsFor(this.node),
      logger: this.logger,
      now: () => this.options.clock.now(),
      countGaps: false,
    });
    this.correlation.awaitReply({ onReply: (answer) => this.onSubscribed(answer, 'myevents'), onFail: () => {} });
    this.write(myeventsCommand({ format: 'json' }));
    this.correlation.awaitReply({ onReply: (answer) => this.onSubscribed(answer, 'linger'), onFail: () => {} });
    this.write(lingerCommand(this.options.lingerSeconds));
  }

  private onSubscribed(reply: CommandReply, what: 'myevents' | 'linger'): void {
    if (!reply.ok) this.logger.error({ replyText: reply.replyText }, `FreeSWITCH refused \`${what}\``);
    if (what === 'linger') this.setState('ready');
  }

  private onData(chunk: Buffer): void {
    this.quiet.heard();
    const { frames, error } = this.parser.push(chunk);
    for (const frame of frames) {
      if (this.socket.destroyed) return;
      this.onFrame(frame);
    }
    if (error !== undefined && !this.socket.destroyed) this.onFrameError(error);
  }

  private onFrame(frame: RawFrame): void {
    const { sink } = this.options;
    if (sink.capturing()) sink.frame(inboundWireFrame(frame, this.node, this.options.clock.now()));
    const message = classifyFrame(frame);
    switch (message.type) {
      case 'command-reply':
        if (!this.correlation.reply(message)) this.logger.warn({ replyText: message.replyText }, 'a command/reply nothing waited for');
        return;
      case 'event':
        if (this.stream === undefined) this.logger.warn('an event before the channel data; dropped');
        else this.stream.accept(message.event, this.node);
        return;
      case 'disconnect-notice':
        this.onHangup(message.linger);
        return;
      case 'error':
        this.options.metricsFor(this.node).badEvents += 1;
        this.logger.warn({ err: message.error, code: message.error.code }, 'an event of the call did not decode; dropped');
        return;
      case 'auth-request':
      case 'api-response':
      case 'rude-rejection':
      case 'log-data':
      case 'unknown':
        this.logger.debug({ contentType: frame.contentType }, 'a frame with nothing to do');
        return;
    }
  }

  private onHangup(linger: boolean): void {
    this.hungUp = true;
    this.logger.info(`call ${this.callUuid} hung up${linger ? '; draining its last events' : ''}`);
    this.options.sink.status(this.status());
    // With linger FreeSWITCH keeps the socket for the last events; should it not close it, we do.
    if (linger) this.quiet.start();
  }

  private onFrameError(error: EslProtocolError): void {
    this.options.metricsFor(this.node).frameErrors += 1;
    this.logger.error({ err: error, code: error.code }, 'the byte stream of an outbound call broke the ESL grammar; closing it');
    this.socket.destroy();
  }

  private onClose(): void {
    this.quiet.stop();
    // Gone from the server's calls before its last status goes out.
    this.options.onEnd(this);
    this.setState('disconnected');
  }

  private write(text: string): void {
    const { sink } = this.options;
    if (sink.capturing()) sink.frame(outboundWireFrame(text, this.node, this.options.clock.now()));
    this.socket.write(text);
  }

  private setState(state: OutboundCallStatus['state']): void {
    if (this.state === state) return;
    this.state = state;
    this.options.sink.status(this.status());
  }
}
