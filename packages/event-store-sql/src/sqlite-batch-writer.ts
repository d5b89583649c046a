import { Worker } from 'node:worker_threads';
import type { AppendResult } from '@sapien/event-store';
import type { QueuedAppend } from './append-queue.ts';
import type { BatchReply, BatchRequest, WorkerSettings } from './sqlite-append-worker.ts';

type Pending = Readonly<{ resolve: (results: (AppendResult | undefined)[]) => void; reject: (error: Error) => void }>;

/**
 * Writes batches of appends to a SQLite file from a worker thread with a connection of its own.
 * A commit waits for an fsync of the WAL (synchronous = FULL); better-sqlite3 is synchronous, so on
 * the main thread that wait would stop every request. In the worker, the main thread keeps serving
 * — and the appends its requests make meanwhile form the next batch. Reads stay on the main
 * thread's connection (WAL lets them run beside the writer).
 */
export class SqliteBatchWriter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(settings: WorkerSettings) {
    // The worker inherits this process's loader (tsx), as every TypeScript entry of Sapien does.
    this.worker = new Worker(new URL('./sqlite-append-worker.ts', import.meta.url), { workerData: settings });
    this.worker.unref();
    this.worker.on('message', (reply: BatchReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the SQLite append worker exited (code ${code})`)));
  }

  write(appends: readonly QueuedAppend[]): Promise<(AppendResult | undefined)[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: BatchRequest = { id, appends };
      this.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    if (this.failure !== undefined) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }

  private settle(reply: BatchReply): void {
    const waiter = this.pending.get(reply.id);
    if (waiter === undefined) return;
    this.pending.delete(reply.id);
    if (reply.results !== undefined) waiter.resolve(reply.results.map((result) => result ?? undefined));
    else waiter.reject(Object.assign(new Error(reply.error?.message ?? 'the batch failed'), reply.error?.code === undefined ? {} : { code: reply.error.code }));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
