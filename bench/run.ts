import { applyServiceHeapPolicy } from '@sapien/kernel';
import { runAppendBench } from './append-bench.ts';
import { runAuthBench } from './auth-bench.ts';
import { DB_KINDS } from './databases.ts';
import { runEslBench } from './esl-bench.ts';
import { runEslParserBench } from './esl-parser-bench.ts';
import { runLagBench } from './lag-bench.ts';
import { currentLoad, machineInfo } from './machine.ts';
import { parseOptions } from './options.ts';
import { progress } from './progress.ts';
import { runProjectionBench } from './projection-bench.ts';
import { runRateLimitBench } from './rate-limit-bench.ts';
import { renderReport, writeReport } from './report.ts';
import type { BenchSection } from './results.ts';
import { runTokenBench } from './token-bench.ts';

/** Tokens, the authenticated read and the rate-limit check on the embedded default and on PostgreSQL. */
const TOKEN_DB_KINDS = ['sqlite', 'postgres'] as const;
const AUTH_DB_KINDS = ['sqlite', 'postgres'] as const;
const RATE_LIMIT_DB_KINDS = ['sqlite', 'postgres'] as const;

/**
 * `npm run bench [-- --quick --out DIR]`: append, projection, lag, OAuth token, authenticated-read
 * and rate-limit benchmarks, each against a baseline measured in the same run on the same database.
 * Progress goes to stderr; the markdown report is written to the output folder and printed on stdout.
 */
const main = async (): Promise<void> => {
  // The API cases serve from this process: it runs under the service processes' heap policy, as
  // the listener's and the projector's processes do (baselines included, being in them too).
  const missingNodeFlags = applyServiceHeapPolicy();
  if (missingNodeFlags.length > 0) progress(`started without ${missingNodeFlags.join(' ')}: the API cases run without the services' heap policy (npm run bench passes it)`);
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const started = performance.now();
  const machine = await machineInfo();
  progress(`${options.quick ? 'quick' : 'full'} run on ${machine.shortName} (${machine.cpu}), load ${machine.load}`);
  const sections: BenchSection[] = [];
  if (options.only.includes('append')) {
    for (const kind of DB_KINDS) sections.push(await runAppendBench(kind, options.append, options));
  }
  if (options.only.includes('projection')) {
    for (const kind of DB_KINDS) sections.push(await runProjectionBench(kind, options.projection, options));
  }
  if (options.only.includes('lag')) sections.push(await runLagBench(options.lag));
  if (options.only.includes('tokens')) {
    for (const kind of TOKEN_DB_KINDS) sections.push(await runTokenBench(kind, options.http, options));
  }
  if (options.only.includes('auth')) {
    for (const kind of AUTH_DB_KINDS) sections.push(await runAuthBench(kind, options.http, options));
  }
  if (options.only.includes('rate-limit')) {
    for (const kind of RATE_LIMIT_DB_KINDS) sections.push(await runRateLimitBench(kind, options.rateLimit, options));
  }
  if (options.only.includes('esl-parser')) sections.push(await runEslParserBench(options.eslParser, options));
  if (options.only.includes('esl')) sections.push(await runEslBench(options.esl, options));
  const report = { startedAt, durationMs: performance.now() - started, machine, loadAtEnd: currentLoad(), options, sections };
  const markdown = renderReport(report);
  const path = writeReport(options.outDir, report, markdown);
  process.stdout.write(markdown);
  progress(`wrote ${path}`);
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
