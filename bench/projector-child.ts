import { fork } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '@sapien/kernel';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProjectorConfig } from './projector-config.ts';

type Waiter = Readonly<{ position: number; resolve: (reached: boolean) => void }>;

const START_LIMIT_MS = 30_000;
const STOP_LIMIT_MS = 15_000;

const isMessage = (value: unknown, type: string): value is Readonly<{ type: string; position?: unknown }> =>
  typeof value === 'object' && value !== null && 'type' in value && value.type === type;

/**
 * The projector process seen from the benchmark: it learns each position the read model committed
 * (the notice crosses IPC, so a lag measured on it is, if anything, a little long).
 */
export class ProjectorChild {
  private committed = 0;
  private waiters: Waiter[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    // A projector that died commits nothing more: its waiters learn it now, not at their timeout.
    void this.exited.then(() => {
      for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
    });
    child.on('message', (message: unknown) => {
      if (!isMessage(message, 'position') || typeof message.position !== 'number') return;
      this.committed = Math.max(this.committed, message.position);
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.position > this.committed) return true;
        waiter.resolve(true);
        return false;
      });
    });
  }

  static async start(config: ProjectorConfig): Promise<ProjectorChild> {
    const child = fork(fileURLToPath(new URL('./projector-process.ts', import.meta.url)), [], {
      // As a service process starts (packages/kernel/src/heap-policy.ts).
      execArgv: [...SERVICE_NODE_FLAGS, '--import', 'tsx'],
      env: { ...process.env, SAPIEN_BENCH_PROJECTOR: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const projector = new ProjectorChild(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the projector process did not start')), START_LIMIT_MS);
      child.on('message', (message: unknown) => {
        if (!isMessage(message, 'ready')) return;
        clearTimeout(timer);
        resolve();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the projector process exited with ${code}`));
      });
    });
    return projector;
  }

  /** True once the read model has committed `position`, false after `timeoutMs`. */
  waitForPosition(position: number, timeoutMs: number): Promise<boolean> {
    if (this.committed >= position) return Promise.resolve(true);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: (reached) => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Asks the process to stop (it lets its batches finish); kills it if it has not exited in time. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.send('stop');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_LIMIT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
