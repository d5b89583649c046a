import { SystemClock, type Clock } from '@sapien/kernel';
import type { Logger } from 'pino';
import type { EslHub, NodeStatus, PublishedEslEvent, Unsubscribe, WireFrame } from '../hub.ts';
import type { BgapiResult } from '../inbound/background-commands.ts';
import { InboundConnection, type InboundSettings } from '../inbound/inbound-connection.ts';
import type { Timers } from '../inbound/timers.ts';
import { OutboundServer } from '../outbound/outbound-server.ts';
import type { EslTarget } from '../targets/parse-targets.ts';
import type { ConnectionSink } from './connection-sink.ts';
import { EslCommandError } from './esl-command-error.ts';
import { Listeners } from './listeners.ts';
import { addMetrics, emptyMetrics, type NodeMetrics } from './node-metrics.ts';

export type EslNodesOptions = Readonly<{
  /** From SAPIEN_ESL_TARGETS (parseTargets). */
  targets: readonly EslTarget[];
  logger: Logger;
  inbound?: Partial<InboundSettings>;
  /** SAPIEN_ESL_OUTBOUND_PORT; no outbound listener without it. */
  outbound?: Readonly<{ port: number; host?: string; lingerSeconds?: number; lingerQuietMs?: number }>;
  random?: () => number;
  timers?: Timers;
  clock?: Clock;
}>;

/**
 * Every FreeSWITCH connection of the listener behind one EslHub: an inbound connection per
 * target and the calls of the outbound listener. Events and wire frames go to listeners
 * synchronously and in order; commands go to the inbound connection of the named node.
 */
export class EslNodes implements EslHub {
  private readonly connections = new Map<string, InboundConnection>();
  private readonly outboundServer: OutboundServer | undefined;
  private readonly events: Listeners<PublishedEslEvent>;
  private readonly frames: Listeners<WireFrame>;
  private readonly statuses: Listeners<NodeStatus>;

  constructor(private readonly options: EslNodesOptions) {
    const { logger } = options;
    this.events = new Listeners(logger, 'event');
    this.frames = new Listeners(logger, 'frame');
    this.statuses = new Listeners(logger, 'status');
    const sink: ConnectionSink = {
      capturing: () => this.frames.size > 0,
      frame: (frame) => this.frames.emit(frame),
      event: (event) => this.events.emit(event),
      status: (status) => this.statuses.emit(status),
    };
    const clock = options.clock ?? new SystemClock();
    for (const target of options.targets) {
      const connection = new InboundConnection({
        target,
        sink,
        logger,
        clock,
        ...(options.inbound === undefined ? {} : { settings: options.inbound }),
        ...(options.random === undefined ? {} : { random: options.random }),
        ...(options.timers === undefined ? {} : { timers: options.timers }),
      });
      this.connections.set(target.node, connection);
    }
    const outbound = options.outbound;
    this.outboundServer =
      outbound === undefined
        ? undefined
        : new OutboundServer({
            ...outbound,
            sink,
            logger,
            clock,
            ...(options.timers === undefined ? {} : { timers: options.timers }),
          });
  }

  /** The port the outbound listener got (useful with port 0). */
  get outboundPort(): number | undefined {
    return this.outboundServer?.port;
  }

  /** Opens the outbound listener and starts connecting; does not wait for any node to be ready. */
  async start(): Promise<void> {
    await this.outboundServer?.start();
    for (const connection of this.connections.values()) connection.start();
  }

  /** Closes every socket and timer; resolves once they are closed. */
  async stop(): Promise<void> {
    await Promise.all([...[...this.connections.values()].map((connection) => connection.stop()), this.outboundServer?.stop()]);
  }

  nodes(): readonly NodeStatus[] {
    return [...[...this.connections.values()].map((connection) => connection.status()), ...(this.outboundServer?.calls() ?? [])];
  }

  /** Counters per node; a node seen both inbound and outbound has them added up. */
  metrics(): Readonly<Record<string, NodeMetrics>> {
    const all: Record<string, NodeMetrics> = {};
    const add = (node: string, metrics: NodeMetrics): void => {
      const sum = emptyMetrics();
      const before = all[node];
      if (before !== undefined) addMetrics(sum, before);
      addMetrics(sum, metrics);
      all[node] = sum;
    };
    for (const connection of this.connections.values()) add(connection.node, connection.metrics());
    for (const [node, metrics] of this.outboundServer?.metrics() ?? []) add(node, metrics);
    return all;
  }

  onEvent(listener: (event: PublishedEslEvent) => void): Unsubscribe {
    return this.events.add(listener);
  }

  onFrame(listener: (frame: WireFrame) => void): Unsubscribe {
    return this.frames.add(listener);
  }

  /** Every status change: a connection's state, a Core-UUID seen or changed, an outbound call's progress. */
  onStatus(listener: (status: NodeStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  api(node: string, command: string): Promise<string> {
    const connection = this.connection(node);
    return connection === undefined ? Promise.reject(this.unknownNode(node)) : connection.api(command);
  }

  bgapi(node: string, command: string): Promise<BgapiResult> {
    const connection = this.connection(node);
    return connection === undefined ? Promise.reject(this.unknownNode(node)) : connection.bgapi(command);
  }

  private connection(node: string): InboundConnection | undefined {
    return this.connections.get(node);
  }

  private unknownNode(node: string): EslCommandError {
    // Outbound calls are not in the list: their sockets are refused api/bgapi without `full`.
    return new EslCommandError('unknown_node', `no inbound ESL connection to a node named "${node}"`, {
      node,
      nodes: [...this.connections.keys()],
    });
  }
}
