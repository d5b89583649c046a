import { createServer, type AddressInfo, type Server } from 'node:net';
import { SystemClock, type Clock } from '@sapien/kernel';
import type { Logger } from 'pino';
import type { ConnectionSink } from '../hub/connection-sink.ts';
import { emptyMetrics, type MutableNodeMetrics, type NodeMetrics } from '../hub/node-metrics.ts';
import { systemTimers, type Timers } from '../inbound/timers.ts';
import type { OutboundCallStatus } from './outbound-call-status.ts';
import { OutboundSession } from './outbound-session.ts';

export type OutboundServerOptions = Readonly<{
  /** SAPIEN_ESL_OUTBOUND_PORT; 0 for any free port. */
  port: number;
  host?: string;
  sink: ConnectionSink;
  logger: Logger;
  /** The node of a call whose channel data names no FreeSWITCH-Hostname. */
  defaultNode?: string;
  lingerSeconds?: number;
  lingerQuietMs?: number;
  clock?: Clock;
  timers?: Timers;
}>;

/** The TCP listener FreeSWITCH's `socket` application dials, one session per call. */
export class OutboundServer {
  private readonly server: Server;
  private readonly sessions = new Set<OutboundSession>();
  private readonly counters = new Map<string, MutableNodeMetrics>();
  private readonly logger: Logger;
  private listening = false;

  constructor(private readonly options: OutboundServerOptions) {
    this.logger = options.logger.child({ mode: 'outbound' });
    const sessionOptions = {
      sink: options.sink,
      logger: options.logger,
      clock: options.clock ?? new SystemClock(),
      timers: options.timers ?? systemTimers,
      defaultNode: options.defaultNode ?? 'outbound',
      lingerQuietMs: options.lingerQuietMs ?? 10_000,
      ...(options.lingerSeconds === undefined ? {} : { lingerSeconds: options.lingerSeconds }),
      metricsFor: (node: string) => this.metricsFor(node),
      onEnd: (session: OutboundSession) => {
        this.sessions.delete(session);
      },
    };
    this.server = createServer((socket) => {
      this.sessions.add(new OutboundSession(socket, sessionOptions));
    });
    this.server.on('error', (error) => this.logger.error({ err: error }, `outbound ESL listener error: ${error.message}`));
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
    this.logger.info({ port: this.port, host: this.options.host }, 'listening for outbound ESL calls');
  }

  calls(): OutboundCallStatus[] {
    return [...this.sessions].map((session) => session.status());
  }

  /** Counters per node, kept after the calls end. */
  metrics(): ReadonlyMap<string, NodeMetrics> {
    return new Map([...this.counters].map(([node, counters]) => [node, { ...counters }]));
  }

  /** Stops listening and closes every call's socket; resolves once all are closed. */
  async stop(): Promise<void> {
    const closed = this.listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : Promise.resolve();
    this.listening = false;
    await Promise.all([...this.sessions].map((session) => session.close()));
    await closed;
  }

  private metricsFor(node: string): MutableNodeMetrics {
    let counters = this.counters.get(node);
    if (counters === undefined) {
      counters = emptyMetrics();
      this.counters.set(node, counters);
    }
    return counters;
  }
}
