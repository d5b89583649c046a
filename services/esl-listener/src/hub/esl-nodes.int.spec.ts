import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { expect } from 'chai';
import { EslStandIn } from '@sapien/esl-stand-in';
import { pino } from 'pino';
import type { NodeStatus, PublishedEslEvent, WireFrame } from '../hub.ts';
import { parseTargets } from '../targets/parse-targets.ts';
import { EslCommandError } from './esl-command-error.ts';
import { EslNodes } from './esl-nodes.ts';
import { waitUntil } from './recording-sink.ts';

const logger = pino({ level: 'silent' });
const FAST = { backoff: { minMs: 10, maxMs: 40 } };

/**
 * Plays a FreeSWITCH that accepts `auth` and `event`, then sends bytes no ESL parser can read:
 * the stand-in speaks only well-formed ESL on its own.
 */
class GarbageServer {
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<GarbageServer> {
    const server = createServer();
    const garbage = new GarbageServer(server);
    server.on('connection', (socket) => garbage.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return garbage;
  }

  url(node: string): string {
    return `esl://:ClueCon@127.0.0.1:${(this.server.address() as AddressInfo).port}/${node}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
      for (let end = text.indexOf('\n\n'); end !== -1; end = text.indexOf('\n\n')) {
        const command = text.slice(0, end);
        text = text.slice(end + 2);
        socket.write(`Content-Type: command/reply\nReply-Text: +OK ${command.split(' ')[0]}\n\n`);
        if (command.startsWith('event ')) socket.write('Content-Type: text/event-json\nContent-Length: twelve\n\n');
      }
    });
    socket.write('Content-Type: auth/request\n\n');
  }
}

describe('the ESL nodes behind the hub', () => {
  let standIn: EslStandIn;
  let nodes: EslNodes | undefined;
  let statuses: NodeStatus[];

  const startNodes = async (targets: string, outbound?: { port: number; host: string }): Promise<EslNodes> => {
    const started = new EslNodes({ targets: parseTargets(targets), logger, inbound: FAST, ...(outbound === undefined ? {} : { outbound }) });
    statuses = [];
    started.onStatus((status) => statuses.push(status));
    nodes = started;
    await started.start();
    return started;
  };

  const until = (predicate: () => boolean, what: string): Promise<void> => {
    const hub = nodes;
    if (hub === undefined) throw new Error('no nodes');
    return waitUntil(predicate, what, 5000, (check) => {
      const unsubscribe = [hub.onStatus(check), hub.onEvent(check)];
      const timer = setInterval(check, 10);
      return () => {
        clearInterval(timer);
        for (const stop of unsubscribe) stop();
      };
    });
  };

  const allReady = (): Promise<void> =>
    until(() => (nodes?.nodes() ?? []).every((status) => status.state === 'ready'), 'every node ready');

  beforeEach(async () => {
    standIn = await EslStandIn.start();
  });

  afterEach(async () => {
    await nodes?.stop();
    nodes = undefined;
    await standIn.close();
  });

  it('hands events to every listener in order, a throwing listener harming no other', async () => {
    const hub = await startNodes(standIn.url('fs1'));
    const first: PublishedEslEvent[] = [];
    const second: PublishedEslEvent[] = [];
    hub.onEvent((event) => first.push(event));
    hub.onEvent(() => {
      throw new Error('a broken listener');
    });
    hub.onEvent((event) => second.push(event));
    await allReady();
    const sent = [1, 2, 3, 4, 5].map((i) => standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE', 'Unique-ID': `call-${i}` } }));
    await until(() => second.length === 5, 'five events');
    expect(first.map((event) => event.sequence)).to.deep.equal(sent);
    expect(second.map((event) => event.sequence)).to.deep.equal(sent);
  });

  it('builds wire frames only while someone listens for them', async () => {
    const hub = await startNodes(standIn.url('fs1'));
    await allReady();
    const frames: WireFrame[] = [];
    const stop = hub.onFrame((frame) => frames.push(frame));
    standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
    await until(() => frames.length === 1, 'one frame');
    expect(frames[0]).to.include({ node: 'fs1', direction: 'in', contentType: 'text/event-json' });
    stop();
    standIn.emit({ headers: { 'Event-Name': 'CHANNEL_CREATE' } });
    await until(() => hub.metrics()['fs1']?.events === 2, 'the second event');
    expect(frames).to.have.length(1);
  });

  it('routes api and bgapi by node name, and refuses an unknown node', async () => {
    const other = await EslStandIn.start({ hostname: 'fs2', api: (command) => `fs2 ran ${command}\n` });
    try {
      const hub = await startNodes(`${standIn.url('fs1')},${other.url('fs2')}`);
      await allReady();
      expect(await hub.api('fs2', 'anything')).to.equal('fs2 ran anything\n');
      expect(await hub.api('fs1', 'status')).to.match(/UP /);
      const { jobUuid, result } = await hub.bgapi('fs2', 'later');
      expect(await result).to.equal('fs2 ran later\n');
      expect(other.received).to.include(`bgapi later\nJob-UUID: ${jobUuid}`);
      const error = await hub.api('fs3', 'status').catch((failure: unknown) => failure);
      expect(error).to.be.instanceOf(EslCommandError);
      expect((error as EslCommandError).code).to.equal('unknown_node');
      const bgError = await hub.bgapi('fs3', 'status').catch((failure: unknown) => failure);
      expect((bgError as EslCommandError).code).to.equal('unknown_node');
    } finally {
      await nodes?.stop();
      await other.close();
    }
  });

  it('closes and reconnects a node that sent garbage, while the other node`s events keep flowing', async () => {
    const garbage = await GarbageServer.start();
    try {
      const hub = await startNodes(`${standIn.url('fs1')},${garbage.url('bad')}`);
      const events: PublishedEslEvent[] = [];
      hub.onEvent((event) => events.push(event));
      await until(() => (hub.metrics()['bad']?.frameErrors ?? 0) >= 2, 'two broken streams from the bad node');
      expect(garbage.connections).to.be.at.least(2);
      expect(hub.metrics()['bad']?.reconnects).to.be.at.least(1);
      await until(() => hub.nodes().find((status) => status.node === 'fs1')?.state === 'ready', 'fs1 ready');
      const sent = [1, 2, 3].map(() => standIn.emit({ headers: { 'Event-Name': 'CHANNEL_PARK' } }));
      await until(() => events.length === 3, 'fs1`s events');
      expect(events.map((event) => [event.node, event.sequence])).to.deep.equal(sent.map((sequence) => ['fs1', sequence]));
      expect(hub.metrics()['fs1']).to.include({ frameErrors: 0, reconnects: 0, events: 3 });
    } finally {
      await nodes?.stop();
      await garbage.close();
    }
  });

  it('lists inbound nodes and outbound calls, and carries a dialled call end to end', async () => {
    const hub = await startNodes(standIn.url('fs1'), { port: 0, host: '127.0.0.1' });
    await allReady();
    const events: PublishedEslEvent[] = [];
    hub.onEvent((event) => events.push(event));
    const port = hub.outboundPort;
    if (port === undefined) throw new Error('no outbound port');
    const call = standIn.dial(port, '127.0.0.1');
    await until(() => hub.nodes().some((status) => status.mode === 'outbound' && status.state === 'ready'), 'the call ready');
    expect(hub.nodes().map((status) => [status.node, status.mode, status.state])).to.deep.equal([
      ['fs1', 'inbound', 'ready'],
      ['fs1', 'outbound', 'ready'],
    ]);
    call.emit({ headers: { 'Event-Name': 'CHANNEL_ANSWER' } });
    await call.hangup();
    await until(() => hub.nodes().length === 1, 'the call gone');
    // The inbound connection subscribed to ALL sees the call's events too: the same Core-UUID and
    // Event-Sequence, so publishing deduplicates them.
    const answers = events.filter((event) => event.name === 'CHANNEL_ANSWER');
    expect(answers).to.have.length(2);
    expect(answers[0]?.sequence).to.equal(answers[1]?.sequence);
    expect(statuses.some((status) => status.mode === 'outbound' && status.state === 'disconnected')).to.equal(true);
  });

  it('stops every connection and the outbound listener', async () => {
    const hub = await startNodes(standIn.url('fs1'), { port: 0, host: '127.0.0.1' });
    await allReady();
    await hub.stop();
    expect(hub.nodes().map((status) => status.state)).to.deep.equal(['disconnected']);
    const error = await hub.api('fs1', 'status').catch((failure: unknown) => failure);
    expect((error as EslCommandError).code).to.equal('not_ready');
  });
});
