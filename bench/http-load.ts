import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadReport } from './http-load-job.ts';
import { isLoadReport } from './http-load-job.ts';
import { perSecond } from './stats.ts';

export type { LoadJob, LoadReport } from './http-load-job.ts';

/**
 * Runs one round of `job` in a worker thread of this process (http-load-worker.ts) and returns its
 * report. Rejects when any answer had another status than expected: a refused or failed request
 * would make the rate stand for something else.
 */
export const runHttpLoad = (job: LoadJob): Promise<LoadReport> =>
  new Promise((resolve, reject) => {
    // The worker inherits this process's --import tsx, so it runs the TypeScript file as is.
    const worker = new Worker(new URL('./http-load-worker.ts', import.meta.url), { workerData: job });
    let report: LoadReport | undefined;
    worker.on('message', (message: unknown) => {
      if (isLoadReport(message)) report = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (report === undefined) reject(new Error(`the HTTP load worker exited (code ${code}) without a report`));
      else if (report.unexpected > 0) {
        reject(new Error(`${report.unexpected} of ${report.requests} answers to ${job.method} ${job.path} were not ${job.expectStatus}: ${report.firstUnexpected ?? ''}`));
      } else resolve(report);
    });
  });

/** Requests per second of a round. */
export const rateOf = (report: LoadReport): number => perSecond(report.requests, report.elapsedMs);
