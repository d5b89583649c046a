import type { LatencySummary } from './stats.ts';

/** One round of HTTP load: the same request, `concurrency` at a time, for `seconds`. */
export type LoadJob = Readonly<{
  /** The API's origin, e.g. http://127.0.0.1:41234. */
  url: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  /** Any other status counts as unexpected: the round then stands for something else and fails. */
  expectStatus: number;
  concurrency: number;
  seconds: number;
}>;

/** What the worker answers: completed requests, the time they took, and their latencies. */
export type LoadReport = Readonly<{
  requests: number;
  elapsedMs: number;
  latencies: LatencySummary;
  unexpected: number;
  /** Status and start of the body of the first unexpected answer. */
  firstUnexpected?: string;
}>;

export const isLoadReport = (value: unknown): value is LoadReport =>
  typeof value === 'object' && value !== null && 'requests' in value && 'elapsedMs' in value && 'latencies' in value && 'unexpected' in value;
