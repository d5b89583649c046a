import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineInfo } from './machine.ts';
import { ESL_PARSER_MIN_ROUNDS, type BenchOptions } from './options.ts';
import type { BenchSection, ResultRow } from './results.ts';
import { ratioOf } from './results.ts';

export type Report = Readonly<{
  startedAt: Date;
  durationMs: number;
  machine: MachineInfo;
  loadAtEnd: string;
  options: BenchOptions;
  sections: readonly BenchSection[];
}>;

export const TABLE_HEADER = ['case', 'db', 'result', 'baseline', 'ratio', 'target', 'met?'] as const;

const value = (amount: number, unit: ResultRow['unit']): string =>
  unit === 'ms' ? `${amount.toFixed(amount < 10 ? 2 : 1)} ms` : `${Math.round(amount).toLocaleString('en-US')} ${unit}`;

const cells = (row: ResultRow): string[] => [
  row.case,
  row.db,
  value(row.result, row.unit),
  `${row.baselineName} ${value(row.baseline, row.unit)}`,
  ratioOf(row).toFixed(2),
  row.target?.text ?? '—',
  row.target === undefined ? '—' : row.target.met ? 'yes' : '**no**',
];

const tableLine = (values: readonly string[]): string => `| ${values.join(' | ')} |`;

const runDescription = (options: BenchOptions): string =>
  options.quick
    ? 'quick smoke run (tiny sizes: the numbers mean nothing)'
    : `${options.rounds} measured rounds per case (the ESL parser cases: at least ${ESL_PARSER_MIN_ROUNDS}) after ${options.warmups} warm-up round(s); the median is reported`;

export const renderReport = (report: Report): string => {
  const { machine, options } = report;
  const date = report.startedAt.toISOString().slice(0, 10);
  const rows = report.sections.flatMap((section) => section.rows);
  return [
    `# Sapien benchmarks, ${date}, ${machine.shortName}`,
    '',
    '| | |',
    '|---|---|',
    `| date | ${report.startedAt.toISOString()} |`,
    `| machine | ${machine.shortName} (${machine.os}) |`,
    `| CPU | ${machine.cpu} |`,
    `| memory | ${machine.memory} |`,
    `| node | ${machine.node} |`,
    `| PostgreSQL | ${machine.postgres} |`,
    `| nats-server | ${machine.natsServer} |`,
    `| load average (1, 5, 15 min) | at start ${machine.load}; at end ${report.loadAtEnd} |`,
    `| run | ${runDescription(options)}; ${(report.durationMs / 1000).toFixed(0)} s in all |`,
    '',
    '## Results',
    '',
    'ratio = result / baseline; each baseline is measured in the same run, on the same database. See bench/README.md for what each case does.',
    '',
    tableLine(TABLE_HEADER),
    tableLine(TABLE_HEADER.map(() => '---')),
    ...rows.map((row) => tableLine(cells(row))),
    '',
    '## Details',
    '',
    ...report.sections.flatMap((section) => section.details.map((line) => `- ${line}`)),
    '',
  ].join('\n');
};

/** Writes `<out>/<YYYY-MM-DD>-<machine>.md` and returns its path. */
export const writeReport = (outDir: string, report: Report, markdown: string): string => {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${report.startedAt.toISOString().slice(0, 10)}-${report.machine.shortName}.md`);
  writeFileSync(path, markdown);
  return path;
};
