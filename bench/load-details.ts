import type { LoadReport } from './http-load.ts';
import type { Paired } from './rounds.ts';
import { median } from './stats.ts';

const rate = (values: readonly number[]): string => values.map((value) => Math.round(value).toLocaleString('en-US')).join(', ');
const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** The latencies of the measured rounds (warm-ups left out): medians of each round's p50 and p99. */
const latencies = (reports: readonly LoadReport[], warmups: number): string => {
  const measured = reports.slice(warmups);
  return `latency p50 ${ms(median(measured.map((r) => r.latencies.p50)))}, p99 ${ms(median(measured.map((r) => r.latencies.p99)))}`;
};

/** One details line's tail: each side's rounds and latencies. */
export const loadDetails = (
  measured: Paired,
  reports: Readonly<{ subject: readonly LoadReport[]; baseline: readonly LoadReport[] }>,
  warmups: number,
  subjectName: string,
  baselineName: string,
  unit: string,
): string =>
  `${subjectName} rounds [${rate(measured.results)}] ${unit} (${latencies(reports.subject, warmups)}), ` +
  `${baselineName} rounds [${rate(measured.baselines)}] ${unit} (${latencies(reports.baseline, warmups)})`;
