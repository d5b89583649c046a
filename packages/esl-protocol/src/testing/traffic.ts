import type { EslEvent } from '../event.ts';
import { encodeEventFrame } from '../event-encoder.ts';
import { callEvents } from './call-events.ts';
import type { TrafficContext } from './event-context.ts';
import { SeededRandom } from './random.ts';
import { backgroundJob, heartbeat, sofiaRegister } from './system-events.ts';

export type TrafficOptions = Readonly<{
  coreUuid?: string;
  hostname?: string;
  ipv4?: string;
  /** Same seed, same events. */
  seed?: number;
  /** `Event-Sequence` of the first event. */
  firstSequence?: number;
  /** `Event-Date-Timestamp` before the first event, microseconds since the epoch. */
  startMicros?: number;
  /** Only ASCII caller names (FreeSWITCH still percent-encodes; a naive parser copes). */
  asciiOnly?: boolean;
  /** Calls in progress at once, their events interleaved. */
  concurrentCalls?: number;
}>;

/**
 * A deterministic stream of events as one FreeSWITCH emits them: overlapping bridged calls
 * (CHANNEL_CREATE … CHANNEL_HANGUP_COMPLETE, 110–160 headers each, SDP with CRLF, an array
 * variable, occasional non-ASCII caller names), HEARTBEAT, BACKGROUND_JOB with a body and
 * CUSTOM sofia::register, `Event-Sequence` rising by one.
 */
export function realisticEvents(count: number, options: TrafficOptions = {}): EslEvent[] {
  const random = new SeededRandom(options.seed ?? 1);
  const ctx: TrafficContext = {
    random,
    coreUuid: options.coreUuid ?? '6f2ea8b8-2f3a-4c1e-9b59-3f0d2c4e8a11',
    hostname: options.hostname ?? 'fs1.example.net',
    ipv4: options.ipv4 ?? '192.0.2.10',
    nowMicros: options.startMicros ?? Date.UTC(2024, 4, 1, 12) * 1000,
    sequence: (options.firstSequence ?? 1) - 1,
    asciiOnly: options.asciiOnly ?? false,
  };
  const maxCalls = options.concurrentCalls ?? 8;
  const calls: Array<Array<() => EslEvent>> = [];
  const events: EslEvent[] = [];
  while (events.length < count) {
    const roll = random.next();
    if (roll < 0.02) {
      events.push(heartbeat(ctx, calls.length * 2));
    } else if (roll < 0.05) {
      events.push(backgroundJob(ctx));
    } else if (roll < 0.1) {
      events.push(sofiaRegister(ctx));
    } else {
      if (calls.length === 0 || (calls.length < maxCalls && random.chance(0.15))) calls.push(callEvents(ctx));
      const index = random.int(0, calls.length - 1);
      const steps = calls[index]!;
      events.push(steps.shift()!());
      if (steps.length === 0) calls.splice(index, 1);
    }
  }
  return events;
}

/** `realisticEvents` as the bytes FreeSWITCH sends: one frame per event, in one format or alternating. */
export function realisticTraffic(
  count: number,
  options: TrafficOptions & Readonly<{ format?: 'plain' | 'json' | 'mixed' }> = {},
): Buffer {
  const format = options.format ?? 'plain';
  const frames = realisticEvents(count, options).map((event, i) =>
    encodeEventFrame(event, format === 'mixed' ? (i % 2 === 0 ? 'plain' : 'json') : format),
  );
  return Buffer.concat(frames);
}
