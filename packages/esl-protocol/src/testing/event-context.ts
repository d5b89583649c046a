import type { SeededRandom } from './random.ts';

export type HeaderEntries = Array<[string, string | string[]]>;

/** What every event of one FreeSWITCH shares, and the clock and counter they advance. */
export type TrafficContext = {
  readonly random: SeededRandom;
  readonly coreUuid: string;
  readonly hostname: string;
  readonly ipv4: string;
  /** Event-Date-Timestamp of the next event, in microseconds. */
  nowMicros: number;
  sequence: number;
  /** Only ASCII caller names, for comparisons with parsers that cannot take anything else. */
  readonly asciiOnly: boolean;
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2024-05-01 12:00:00`, the server's local time (UTC here, so fixtures are stable). */
export function localDate(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** The headers FreeSWITCH puts on every event; advances the clock and `Event-Sequence`. */
export function baseHeaders(
  ctx: TrafficContext,
  name: string,
  [file, fn, line]: readonly [string, string, number],
): HeaderEntries {
  ctx.nowMicros += ctx.random.int(200, 40_000);
  ctx.sequence += 1;
  return [
    ['Event-Name', name],
    ['Core-UUID', ctx.coreUuid],
    ['FreeSWITCH-Hostname', ctx.hostname],
    ['FreeSWITCH-Switchname', ctx.hostname],
    ['FreeSWITCH-IPv4', ctx.ipv4],
    ['FreeSWITCH-IPv6', '::1'],
    ['Event-Date-Local', localDate(ctx.nowMicros)],
    ['Event-Date-GMT', new Date(Math.floor(ctx.nowMicros / 1000)).toUTCString()],
    ['Event-Date-Timestamp', String(ctx.nowMicros)],
    ['Event-Calling-File', file],
    ['Event-Calling-Function', fn],
    ['Event-Calling-Line-Number', String(line)],
    ['Event-Sequence', String(ctx.sequence)],
  ];
}
