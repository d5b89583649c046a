import { fork } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '@sapien/kernel';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type ListenerRequest =
  | Readonly<{ type: 'published' }>
  | Readonly<{ type: 'watch'; until: number }>
  | Readonly<{ type: 'observe' }>
  | Readonly<{ type: 'acks' }>
  | Readonly<{ type: 'stop' }>;

export type ListenerReply =
  | Readonly<{ type: 'ready' }>
  | Readonly<{ type: 'published'; published: number; state: string; work: ListenerWork }>
  | Readonly<{ type: 'reached'; published: number }>
  | Readonly<{ type: 'observing' }>
  | Readonly<{ type: 'acks'; latencies: number[]; arrivals: number[]; loopDelay: LoopDelay; state: string }>;

/** The listener process's CPU time so far (all its threads, µs) and its full garbage collections. */
export type ListenerWork = Readonly<{ cpuMicros: number; majorGcs: number; spooled: number }>;

/** The listener's event-loop delay while it was observed, in ms. */
export type LoopDelay = Readonly<{ p50: number; p99: number; max: number }>;

const START_LIMIT_MS = 30_000;
const STOP_LIMIT_MS = 15_000;

/**
 * The ESL listener process seen from the benchmark (esl-listener-process.ts): it is asked how far
 * it has published, to say when it reaches a count, and for the emitted → acknowledged latencies
 * it measured. Replies come in the order asked.
 */
export class EslListenerChild {
  private readonly replies: ListenerReply[] = [];
  private wake: (() => void) | undefined;
  private readonly exited: Promise<void>;
  private exitCode: number | null | undefined;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        this.wake?.();
        resolve();
      }),
    );
    child.on('message', (message: ListenerReply) => {
      this.replies.push(message);
      this.wake?.();
    });
  }

  static async start(config: Readonly<{ target: string; natsUrl: string; spoolDir: string }>): Promise<EslListenerChild> {
    const child = fork(fileURLToPath(new URL('./esl-listener-process.ts', import.meta.url)), [], {
      // As a service process starts (packages/kernel/src/heap-policy.ts).
      execArgv: [
        ...SERVICE_NODE_FLAGS,
        ...(process.env.BENCH_ESL_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_ESL_PROF] : []),
        ...(process.env.BENCH_ESL_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
        '--import',
        'tsx',
      ],
      env: { ...process.env, SAPIEN_BENCH_ESL: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const listener = new EslListenerChild(child);
    await listener.next('ready', START_LIMIT_MS);
    return listener;
  }

  async published(): Promise<Readonly<{ published: number; state: string; work: ListenerWork }>> {
    this.send({ type: 'published' });
    return (await this.next('published')) as Extract<ListenerReply, { type: 'published' }>;
  }

  /** Resolves when JetStream has acknowledged `until` events in all; rejects after `timeoutMs`. */
  async reached(until: number, timeoutMs: number): Promise<void> {
    this.send({ type: 'watch', until });
    await this.next('reached', timeoutMs);
  }

  async observe(): Promise<void> {
    this.send({ type: 'observe' });
    await this.next('observing');
  }

  /**
   * The emitted → acknowledged latencies (ms) since `observe`, the emitted → parsed ones (the
   * listener's hub), its event-loop delay then, and its state.
   */
  async acks(): Promise<Readonly<{ latencies: number[]; arrivals: number[]; loopDelay: LoopDelay; state: string }>> {
    this.send({ type: 'acks' });
    return (await this.next('acks')) as Extract<ListenerReply, { type: 'acks' }>;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_LIMIT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private send(request: ListenerRequest): void {
    this.child.send(request);
  }

  private async next(type: ListenerReply['type'], timeoutMs = 60_000): Promise<ListenerReply> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.replies.findIndex((reply) => reply.type === type);
      const found = this.replies[index];
      if (found !== undefined) {
        this.replies.splice(index, 1);
        return found;
      }
      if (this.exitCode !== undefined) throw new Error(`the ESL listener process exited with ${this.exitCode}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`the ESL listener process did not answer '${type}' in ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
