// One round of HTTP load in a worker thread: the load generator gets an event loop of its own, so
// its work does not queue behind the API's in the main thread. Closed loop: `concurrency` callers,
// each sending its next request when the last answer has been read, over keep-alive loopback
// sockets, until the deadline.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadJob, LoadReport } from './http-load-job.ts';
import { summarise } from './stats.ts';

const job = workerData as LoadJob;
const target = new URL(job.url);
const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
const headers = job.body === undefined ? job.headers : { ...job.headers, 'content-length': String(Buffer.byteLength(job.body)) };
const latencies: number[] = [];
let unexpected = 0;
let firstUnexpected: string | undefined;

const send = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const outgoing = request({ agent, host: target.hostname, port: target.port, method: job.method, path: job.path, headers }, (response) => {
      const expected = response.statusCode === job.expectStatus;
      const chunks: Buffer[] = [];
      // An expected answer is read and dropped; an unexpected one is kept to say what went wrong.
      response.on('data', (chunk: Buffer) => {
        if (!expected) chunks.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        latencies.push(performance.now() - started);
        if (!expected) {
          unexpected++;
          firstUnexpected ??= `${response.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
        }
        resolve();
      });
    });
    outgoing.on('error', reject);
    outgoing.end(job.body);
  });

const start = performance.now();
const deadline = start + job.seconds * 1000;
const caller = async (): Promise<void> => {
  while (performance.now() < deadline) await send();
};
await Promise.all(Array.from({ length: job.concurrency }, caller));
const elapsedMs = performance.now() - start;
agent.destroy();
const report: LoadReport = {
  requests: latencies.length,
  elapsedMs,
  latencies: summarise(latencies),
  unexpected,
  ...(firstUnexpected === undefined ? {} : { firstUnexpected }),
};
parentPort?.postMessage(report);
