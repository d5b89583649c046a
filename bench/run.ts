import { runAppendBench } from './append-bench.ts';
import { DB_KINDS } from './databases.ts';
import { runLagBench } from './lag-bench.ts';
import { currentLoad, machineInfo } from './machine.ts';
import { parseOptions } from './options.ts';
import { progress } from './progress.ts';
import { runProjectionBench } from './projection-bench.ts';
import { renderReport, writeReport } from './report.ts';
import type { BenchSection } from './results.ts';

/**
 * `npm run bench [-- --quick --out DIR]`: append, projection and lag benchmarks, each against a
 * baseline measured in the same run on the same database. Progress goes to stderr; the markdown
 * report is written to the output folder and printed on stdout.
 */
const main = async (): Promise<void> => {
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
