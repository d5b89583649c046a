import { randomUUID } from 'node:crypto';
import { encodeEventFrame, eventName, eventSubclass, headerText, type EslEvent } from '@sapien/esl-protocol';
import { SapienError } from '@sapien/kernel';
import type { EslHub, NodeStatus, PublishedEslEvent, Unsubscribe, WireFrame } from '../../hub.ts';

/** How the fake refuses a command, as the real connection's EslCommandError would. */
export class FakeEslCommandError extends SapienError {
  override readonly name = 'FakeEslCommandError';

  constructor(message: string) {
    super('esl-command-failed', message, 502);
  }
}

export type FakeCommand = Readonly<{ kind: 'api' | 'bgapi'; node: string; command: string }>;

type Job = Readonly<{ resolve: (result: string) => void; reject: (error: Error) => void }>;

/**
 * An in-memory EslHub for the WebSocket server's and the capture's tests: the test decides which
 * nodes exist, emits events (as a FreeSWITCH frame on the wire, then the published event, as the
 * real hub does) and answers api/bgapi.
 */
export class FakeEslHub implements EslHub {
  statuses: NodeStatus[] = [{ node: 'fs1', mode: 'inbound', state: 'ready', coreUuid: '6f2ea8b8-2f3a-4c1e-9b59-3f0d2c4e8a11', lastSequence: 0 }];
  /** The api (and background job) output for a command. */
  answer: (node: string, command: string) => string | Promise<string> = (_node, command) =>
    command === 'status' ? 'UP 0 years, 0 days, 1 hour\nFreeSWITCH is ready\n' : `-ERR ${command} Command not found!\n`;
  /** When true, background jobs wait for completeJob/failJob. */
  holdJobs = false;
  readonly commands: FakeCommand[] = [];
  private readonly eventListeners = new Set<(event: PublishedEslEvent) => void>();
  private readonly frameListeners = new Set<(frame: WireFrame) => void>();
  private readonly jobs = new Map<string, Job>();
  private clockMicros = Date.UTC(2024, 4, 1, 12) * 1000;

  nodes(): readonly NodeStatus[] {
    return this.statuses;
  }

  onEvent(listener: (event: PublishedEslEvent) => void): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onFrame(listener: (frame: WireFrame) => void): Unsubscribe {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  get eventListenerCount(): number {
    return this.eventListeners.size;
  }

  get frameListenerCount(): number {
    return this.frameListeners.size;
  }

  async api(node: string, command: string): Promise<string> {
    this.commands.push({ kind: 'api', node, command });
    this.requireNode(node);
    this.emitFrame(this.frame(node, 'out', undefined, {}, `api ${command}\n\n`));
    const output = await this.answer(node, command);
    this.emitFrame(this.frame(node, 'in', 'api/response', { 'Content-Type': 'api/response', 'Content-Length': String(Buffer.byteLength(output)) }, output));
    return output;
  }

  async bgapi(node: string, command: string): Promise<Readonly<{ jobUuid: string; result: Promise<string> }>> {
    this.commands.push({ kind: 'bgapi', node, command });
    this.requireNode(node);
    const jobUuid = randomUUID();
    this.emitFrame(this.frame(node, 'out', undefined, {}, `bgapi ${command}\n\n`));
    this.emitFrame(this.frame(node, 'in', 'command/reply', { 'Content-Type': 'command/reply', 'Reply-Text': `+OK Job-UUID: ${jobUuid}`, 'Job-UUID': jobUuid }));
    const result = new Promise<string>((resolve, reject) => this.jobs.set(jobUuid, { resolve, reject }));
    // Nobody may be listening yet when a test fails the job.
    result.catch(() => undefined);
    if (!this.holdJobs) {
      setImmediate(() => void Promise.resolve(this.answer(node, command)).then((output) => this.completeJob(jobUuid, output)));
    }
    return { jobUuid, result };
  }

  completeJob(jobUuid: string, output: string): void {
    this.jobs.get(jobUuid)?.resolve(output);
    this.jobs.delete(jobUuid);
  }

  failJob(jobUuid: string, error: Error): void {
    this.jobs.get(jobUuid)?.reject(error);
    this.jobs.delete(jobUuid);
  }

  /** Emits an event as FreeSWITCH sends it: its frame to frame listeners, then the published event. */
  emit(event: EslEvent, options: Readonly<{ node?: string; format?: 'plain' | 'json' }> = {}): PublishedEslEvent {
    const node = options.node ?? 'fs1';
    const format = options.format ?? 'plain';
    const wire = encodeEventFrame(event, format);
    const split = wire.indexOf('\n\n');
    const body = wire.subarray(split + 2).toString('utf8');
    this.emitFrame(this.frame(node, 'in', `text/event-${format}`, { 'Content-Length': String(Buffer.byteLength(body)), 'Content-Type': `text/event-${format}` }, body));
    const published = publishedEvent(node, event);
    for (const listener of this.eventListeners) listener(published);
    return published;
  }

  emitFrame(frame: WireFrame): void {
    for (const listener of this.frameListeners) listener(frame);
  }

  /** A frame stamped with the fake's clock (one microsecond later each time). */
  frame(node: string, direction: 'in' | 'out', contentType: string | undefined, headers: Record<string, string>, body?: string): WireFrame {
    this.clockMicros += 1;
    return {
      at: isoMicros(this.clockMicros),
      node,
      direction,
      ...(contentType === undefined ? {} : { contentType }),
      headers,
      ...(body === undefined ? {} : { body }),
    };
  }

  private requireNode(node: string): void {
    if (!this.statuses.some((status) => status.node === node && status.state === 'ready')) {
      throw new FakeEslCommandError(`node ${node} is not connected`);
    }
  }
}

/** An ESL event as the hub publishes it (PRODUCT.md §5). */
export function publishedEvent(node: string, event: EslEvent): PublishedEslEvent {
  const name = eventName(event) ?? 'UNKNOWN';
  const subclass = eventSubclass(event);
  const uniqueId = headerText(event, 'Unique-ID');
  const micros = Number(headerText(event, 'Event-Date-Timestamp') ?? '0');
  return {
    node,
    name,
    ...(subclass === undefined ? {} : { subclass }),
    sequence: Number(headerText(event, 'Event-Sequence') ?? '0'),
    coreUuid: headerText(event, 'Core-UUID') ?? '',
    ...(uniqueId === undefined ? {} : { uniqueId }),
    timestamp: isoMicros(micros),
    headers: event.headers,
    ...(event.body === undefined ? {} : { body: event.body }),
  };
}

/** `2024-05-01T12:00:00.000123Z` from microseconds since the epoch. */
export function isoMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}

let sequence = 0;

/** A small event by name (`CHANNEL_ANSWER`, or `CUSTOM` with a subclass), for tests that need only its name. */
export function namedEvent(name: string, subclass?: string, headers: Record<string, string> = {}): EslEvent {
  sequence += 1;
  return {
    headers: {
      'Event-Name': name,
      ...(subclass === undefined ? {} : { 'Event-Subclass': subclass }),
      'Core-UUID': '6f2ea8b8-2f3a-4c1e-9b59-3f0d2c4e8a11',
      'FreeSWITCH-Hostname': 'fs1',
      'Event-Date-Timestamp': String(Date.UTC(2024, 4, 1, 12) * 1000 + sequence),
      'Event-Sequence': String(sequence),
      ...headers,
    },
  };
}
