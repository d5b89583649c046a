import { setFlagsFromString } from 'node:v8';

/**
 * The old generation's limit never falls below 128 MB. Must be on the command line: V8 sizes its
 * heap when the process starts.
 *
 * V8 sets the old generation's limit from its live size, plus the young generation's capacity. A
 * service with a small live heap (the ESL listener: about 15 MB) gets a limit a few MB above what
 * it holds, and every object that outlives two scavenges brings the next full collection closer:
 * under load the listener ran one every 0.2–1 s, each pausing it 3–10 ms, and every cluster of
 * late events in the latency benchmark fell on one of them. With the floor it ran none in the
 * benchmark's minutes; its p99 emitted → JetStream ack at 5,000/s went from 13–17 ms to about 3 ms.
 */
const OLD_SPACE_FLOOR = '--initial-old-space-size=128';

/**
 * Memory outside the JavaScript heap (Buffers: socket reads, event payloads, what the NATS client
 * writes) counts toward V8's global limit, not against the old generation's free space. By
 * default V8 subtracts the external memory allocated since the last full collection from that
 * space, and starts a full collection once it is down to the young generation's capacity: a few
 * MB of Buffers on a small heap whose young generation has grown to 64 MB. V8 reads this flag at
 * every limit check, so it can also be set at run time.
 */
const EXTERNAL_IN_GLOBAL_LIMIT = '--external-memory-accounted-in-global-limit';

/**
 * The V8 flags of Sapien's service processes: `npm start` and `npm run sapien` pass them, and so do
 * the benchmark and the end-to-end tests for the processes that stand for a service.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = [OLD_SPACE_FLOOR, EXTERNAL_IN_GLOBAL_LIMIT];

/**
 * Of the flags only the command line can give, those `execArgv` lacks (an operator's own
 * `--initial-old-space-size=N` counts as given).
 */
export function missingServiceNodeFlags(execArgv: readonly string[]): string[] {
  const name = OLD_SPACE_FLOOR.slice(0, OLD_SPACE_FLOOR.indexOf('='));
  return execArgv.some((flag) => flag === name || flag.startsWith(`${name}=`)) ? [] : [OLD_SPACE_FLOOR];
}

/**
 * Applies the service heap policy first thing in a service process: what V8 takes at run time is
 * set here; returns the flags the process was started without (`missingServiceNodeFlags`), for
 * the caller to warn about.
 */
export function applyServiceHeapPolicy(): string[] {
  setFlagsFromString(EXTERNAL_IN_GLOBAL_LIMIT);
  return missingServiceNodeFlags(process.execArgv);
}
