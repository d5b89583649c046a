import type { DbKind } from './databases.ts';

export type Unit = 'events/s' | 'tokens/s' | 'req/s' | 'ms' | 'MB/s';

/** What the issue asks of a row, and whether this run met it. */
export type Target = Readonly<{ text: string; met: boolean }>;

/** One row of the report's table; ratio = result / baseline, both measured in the same run. */
export type ResultRow = Readonly<{
  case: string;
  /** The database the case ran on; `—` for a case that uses none (the ESL parser). */
  db: DbKind | '—';
  unit: Unit;
  result: number;
  baseline: number;
  /** What the baseline is, in a few words (`raw insert`). */
  baselineName: string;
  target?: Target;
}>;

/** What one benchmark on one database contributes: table rows and lines for the details. */
export type BenchSection = Readonly<{ title: string; rows: ResultRow[]; details: string[] }>;

export const ratioOf = (row: ResultRow): number => row.result / row.baseline;
