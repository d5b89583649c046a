import { parseArgs } from 'node:util';
import type { ProjectorPlacement } from './projector.ts';

/**
 * Rounds per parser case at least: a round of ours takes about 0.2 s, a third of modesl's, so
 * one slow moment of the machine can spoil two of three; five give the median some footing.
 */
export const ESL_PARSER_MIN_ROUNDS = 5;

export const BENCHMARKS = ['append', 'projection', 'lag', 'tokens', 'auth', 'rate-limit', 'esl-parser', 'esl'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export type AppendSizes = Readonly<{ eventsBatch1: number; eventsBatch100: number; streams: number }>;
export type ProjectionSizes = Readonly<{ events: number; orgs: number; appenders: number }>;
export type LagSizes = Readonly<{
  rate: number;
  seconds: number;
  warmupSeconds: number;
  baselineSeconds: number;
  orgs: number;
  /** Where the runner and publisher run: a process of their own (as deployed) or this one. */
  projector: ProjectorPlacement;
}>;

/** Closed-loop load: `concurrency` requests (or calls) in flight for `seconds` per round. */
export type LoadSizes = Readonly<{ concurrency: number; seconds: number }>;

export type BenchOptions = Readonly<{
  quick: boolean;
  outDir: string;
  /** Measured rounds per case; the report gives their median. */
  rounds: number;
  /** Unrecorded rounds first, so JIT, pools and caches are warm. */
  warmups: number;
  only: readonly BenchmarkName[];
  append: AppendSizes;
  projection: ProjectionSizes;
  lag: LagSizes;
  /** The OAuth token and authenticated-read cases (HTTP over loopback). */
  http: LoadSizes;
  /** The rate-limit check, called directly at the same concurrency. */
  rateLimit: LoadSizes;
  eslParser: Readonly<{ events: number }>;
  esl: Readonly<{ throughputEvents: number; offeredRate: number; latencyRate: number; latencySeconds: number }>;
}>;

const FULL = {
  rounds: 3,
  warmups: 1,
  append: { eventsBatch1: 1_000, eventsBatch100: 10_000, streams: 100 },
  projection: { events: 10_000, orgs: 1_000, appenders: 4 },
  lag: { rate: 500, seconds: 10, warmupSeconds: 1, baselineSeconds: 3, orgs: 1_000 },
  http: { concurrency: 16, seconds: 3 },
  rateLimit: { concurrency: 16, seconds: 2 },
  eslParser: { events: 20_000 },
  esl: { throughputEvents: 50_000, offeredRate: 40_000, latencyRate: 5_000, latencySeconds: 5 },
} as const;

/** Tiny sizes for the smoke test: every case runs, none of the numbers mean anything. */
const QUICK = {
  rounds: 1,
  warmups: 0,
  append: { eventsBatch1: 50, eventsBatch100: 300, streams: 10 },
  projection: { events: 300, orgs: 30, appenders: 2 },
  lag: { rate: 500, seconds: 1, warmupSeconds: 0.2, baselineSeconds: 0.3, orgs: 50 },
  http: { concurrency: 4, seconds: 0.3 },
  rateLimit: { concurrency: 4, seconds: 0.2 },
  eslParser: { events: 200 },
  esl: { throughputEvents: 500, offeredRate: 5_000, latencyRate: 1_000, latencySeconds: 0.3 },
} as const;

const HELP = `usage: npm run bench -- [--quick] [--out DIR] [--rounds N] [--rate EVENTS_PER_S] [--seconds S]
                          [--only append,projection,lag,tokens,auth,rate-limit,esl-parser,esl] [--projector process|in-process]
                          [--concurrency N]
  env: BENCH_QUICK=1, BENCH_OUT, BENCH_ROUNDS, BENCH_RATE, BENCH_SECONDS, BENCH_ONLY, BENCH_PROJECTOR, BENCH_CONCURRENCY`;

const placementOf = (text: string | undefined): ProjectorPlacement => {
  if (text === undefined || text === '' || text === 'process') return 'process';
  if (text === 'in-process') return text;
  throw new Error(`--projector must be "process" or "in-process", not "${text}"\n${HELP}`);
};

const positive = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not "${text}"\n${HELP}`);
  return value;
};

const benchmarksOf = (text: string | undefined): BenchmarkName[] => {
  if (text === undefined || text === '') return [...BENCHMARKS];
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) throw new Error(`unknown benchmark "${name}"\n${HELP}`);
  }
  return names as BenchmarkName[];
};

/** Options from argv, falling back to BENCH_* environment variables, then to the defaults. */
export const parseOptions = (argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      rounds: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      only: { type: 'string' },
      projector: { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    process.exit(0);
  }
  const quick = values.quick === true || env.BENCH_QUICK === '1';
  const sizes = quick ? QUICK : FULL;
  const concurrency = Math.round(positive('concurrency', values.concurrency ?? env.BENCH_CONCURRENCY, sizes.http.concurrency));
  return {
    quick,
    outDir: values.out ?? env.BENCH_OUT ?? new URL('./results/', import.meta.url).pathname,
    rounds: Math.round(positive('rounds', values.rounds ?? env.BENCH_ROUNDS, sizes.rounds)),
    warmups: sizes.warmups,
    only: benchmarksOf(values.only ?? env.BENCH_ONLY),
    append: sizes.append,
    projection: sizes.projection,
    lag: {
      ...sizes.lag,
      rate: positive('rate', values.rate ?? env.BENCH_RATE, sizes.lag.rate),
      seconds: positive('seconds', values.seconds ?? env.BENCH_SECONDS, sizes.lag.seconds),
      projector: placementOf(values.projector ?? env.BENCH_PROJECTOR),
    },
    http: { ...sizes.http, concurrency },
    rateLimit: { ...sizes.rateLimit, concurrency },
    eslParser: sizes.eslParser,
    esl: sizes.esl,
  };
};
