import { parentPort, workerData } from 'node:worker_threads';
import { measureEslParsers, type EslParserSizes, type EslParserWorkerReply } from './esl-parser-bench.ts';
import type { RoundOptions } from './rounds.ts';

// The ESL parser cases, run by esl-parser-bench.ts on a thread of their own.
const port = parentPort;
if (port === null) throw new Error('esl-parser-worker runs as a worker thread');
const { sizes, rounds } = workerData as { sizes: EslParserSizes; rounds: RoundOptions };
const reply = (message: EslParserWorkerReply): void => port.postMessage(message);
try {
  reply({ type: 'done', section: await measureEslParsers(sizes, rounds, (message) => reply({ type: 'progress', message })) });
} catch (error) {
  reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
