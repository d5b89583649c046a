import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { FrameParser, classifyFrame, headerText } from '@sapien/esl-protocol';
import { realisticTraffic } from '@sapien/esl-protocol/testing';
import { progress } from './progress.ts';
import type { BenchSection, ResultRow } from './results.ts';
import { ESL_PARSER_MIN_ROUNDS } from './options.ts';
import type { RoundOptions } from './rounds.ts';
import { measurePaired } from './rounds.ts';

const TARGET = 3;
/** What a socket hands over per read under load on loopback. */
const CHUNK_BYTES = 65_536;

export type EslParserSizes = Readonly<{ events: number }>;

// modesl 1.2.1's parser, driven as its Connection drives it: an emitter of the socket's 'data'.
const ModeslParser = createRequire(import.meta.url)('modesl/lib/esl/Parser.js') as new (socket: EventEmitter) => EventEmitter;

const chunksOf = (wire: Buffer): Buffer[] => {
  const chunks: Buffer[] = [];
  for (let at = 0; at < wire.length; at += CHUNK_BYTES) chunks.push(wire.subarray(at, at + CHUNK_BYTES));
  return chunks;
};

/** What the listener reads of every event to publish it: its name, sequence, origin, channel and time. */
const PUBLISHED_FIELDS = ['Event-Name', 'Event-Sequence', 'Core-UUID', 'Unique-ID', 'Event-Date-Timestamp'] as const;

/**
 * Ours: frames, each classified, and of each event the headers the listener publishes it by. Each
 * event is checked whole (a compact json one: valid JSON and UTF-8; a plain one: every line a
 * `Name:` line, its inner body's length) and its other headers decode when first read, which the
 * listener never needs for json, the format it subscribes in: it passes the JSON on.
 */
const parseWithSapien = (chunks: readonly Buffer[], decodeAll = false): number => {
  const parser = new FrameParser();
  let events = 0;
  for (const chunk of chunks) {
    const { frames, error } = parser.push(chunk);
    if (error !== undefined) throw error;
    for (const frame of frames) {
      const message = classifyFrame(frame);
      if (message.type !== 'event') continue;
      for (const name of PUBLISHED_FIELDS) headerText(message.event, name);
      if (decodeAll && message.event.headers['Event-Name'] === undefined) continue;
      events += 1;
    }
  }
  return events;
};

/** modesl: the same bytes, counting its `esl::event` emissions (an Event with its headers and body each). */
const parseWithModesl = (chunks: readonly Buffer[]): number => {
  const socket = new EventEmitter();
  const parser = new ModeslParser(socket);
  let events = 0;
  parser.on('esl::event', () => (events += 1));
  for (const chunk of chunks) socket.emit('data', chunk);
  return events;
};

// A full collection before each timed side: neither parser pays for the garbage the other left.
// Made on first use, on the parsers' own thread: the flag is set only where it is needed.
let fullCollection: (() => void) | undefined;
const collectGarbage = (): void => {
  if (fullCollection === undefined) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  fullCollection();
};

const timed = (parse: (chunks: readonly Buffer[]) => number, chunks: readonly Buffer[], expected: number): number => {
  collectGarbage();
  const started = performance.now();
  const events = parse(chunks);
  const seconds = (performance.now() - started) / 1000;
  if (events !== expected) throw new Error(`parsed ${events} events, expected ${expected}`);
  return events / seconds;
};

type WorkerReply = Readonly<{ type: 'progress'; message: string }> | Readonly<{ type: 'done'; section: BenchSection }> | Readonly<{ type: 'failed'; message: string }>;

/**
 * The parser cases on a thread of their own, with a heap of their own: what the cases before
 * them left on this process's heap does not weigh on either parser's collections.
 */
export const runEslParserBench = (sizes: EslParserSizes, rounds: RoundOptions): Promise<BenchSection> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./esl-parser-worker.ts', import.meta.url), {
      workerData: { sizes, rounds: { rounds: Math.max(rounds.rounds, ESL_PARSER_MIN_ROUNDS), warmups: rounds.warmups } },
    });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') progress(reply.message);
      else if (reply.type === 'done') resolve(reply.section);
      else reject(new Error(`the ESL parser benchmark failed: ${reply.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ESL parser benchmark's thread exited with ${code}`)));
  });

export type { WorkerReply as EslParserWorkerReply };

/**
 * Parser throughput on a realistic capture: calls (CHANNEL_CREATE … CHANNEL_HANGUP_COMPLETE with
 * ~110–160 headers each), HEARTBEAT, BACKGROUND_JOB and sofia::register events as FreeSWITCH
 * writes them, in 64 KiB reads, in plain and in json form; events/s and MB/s against modesl's
 * parser on the same bytes in the same run.
 */
export const measureEslParsers = async (sizes: EslParserSizes, rounds: RoundOptions, say: (message: string) => void = progress): Promise<BenchSection> => {
  const rows: ResultRow[] = [];
  const details: string[] = [];
  for (const format of ['json', 'plain'] as const) {
    const wire = realisticTraffic(sizes.events, { format });
    const chunks = chunksOf(wire);
    const megabytesPerEvent = wire.length / sizes.events / 1_000_000;
    say(`esl parser ${format}: ${sizes.events} events, ${(wire.length / 1e6).toFixed(1)} MB × ${rounds.warmups + rounds.rounds} rounds per side`);
    const measured = await measurePaired(
      rounds,
      async () => timed(parseWithSapien, chunks, sizes.events),
      async () => timed(parseWithModesl, chunks, sizes.events),
    );
    const met = measured.result / measured.baseline >= TARGET;
    const target = { text: `ratio ≥ ${TARGET.toFixed(2)}`, met };
    rows.push(
      { case: `ESL parser, text/event-${format}`, db: '—', unit: 'events/s', result: measured.result, baseline: measured.baseline, baselineName: 'modesl 1.2.1', target },
      {
        case: `ESL parser, text/event-${format}`,
        db: '—',
        unit: 'MB/s',
        result: measured.result * megabytesPerEvent,
        baseline: measured.baseline * megabytesPerEvent,
        baselineName: 'modesl 1.2.1',
      },
    );
    // Without a target: what reading every header of every event costs a user of the package (the
    // listener reads none beyond the fields above of a json event; it passes the JSON on).
    const decoded = await measurePaired(
      rounds,
      async () => timed((all) => parseWithSapien(all, true), chunks, sizes.events),
      async () => timed(parseWithModesl, chunks, sizes.events),
    );
    rows.push({
      case: `ESL parser, text/event-${format}, then every header read`,
      db: '—',
      unit: 'events/s',
      result: decoded.result,
      baseline: decoded.baseline,
      baselineName: 'modesl 1.2.1',
    });
    details.push(
      `ESL parser, ${format}: ${sizes.events} events of ${Math.round(wire.length / sizes.events)} bytes on average in ${chunks.length} reads of 64 KiB; ` +
        `Sapien rounds [${measured.results.map((n) => Math.round(n).toLocaleString('en-US')).join(', ')}] events/s, ` +
        `modesl rounds [${measured.baselines.map((n) => Math.round(n).toLocaleString('en-US')).join(', ')}] events/s`,
    );
  }
  return { title: 'ESL parser', rows, details };
};
