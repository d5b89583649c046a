/**
 * Writes test/esl-stand-in/fixtures/*.ndjson, once: realistic FreeSWITCH 1.10 traffic from
 * @sapien/esl-protocol/testing, encoded by its encoders, shaped as the listener records it.
 * The .ndjson files are committed; run again only to change them, and read the diff.
 *
 *   node --import tsx test/esl-stand-in/scripts/generate-fixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { bgapiCommand, type EslEvent } from '@sapien/esl-protocol';
import { encodeEventFrame, realisticEvents } from '@sapien/esl-protocol/testing';
import type { RecordedTrafficEntry } from '../src/fixtures.ts';

const NODE = 'fs1';
const CORE_UUID = '6f2ea8b8-2f3a-4c1e-9b59-3f0d2c4e8a11';
// Seed chosen for a call whose caller name is not ASCII: the json fixtures then hold multi-byte
// characters, so a Content-Length counted in characters would show.
const SEED = 11;
const DELIVERY_LAG_MICROS = 180;

const events = realisticEvents(400, { seed: SEED, coreUuid: CORE_UUID, hostname: 'fs1.example.net', concurrentCalls: 1 });
const text = (event: EslEvent, name: string): string => {
  const value = event.headers[name];
  if (typeof value !== 'string') throw new Error(`${name} is not text`);
  return value;
};
const named = (name: string): EslEvent[] => events.filter((event) => event.headers['Event-Name'] === name);

const pad = (n: number): string => String(n).padStart(2, '0');
const localDate = (micros: number): string => {
  const d = new Date(Math.floor(micros / 1000));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
/** ISO-8601 with microseconds, as the listener stamps `at`. */
const isoMicros = (micros: number): string =>
  new Date(Math.floor(micros / 1000)).toISOString().replace(/\.(\d{3})Z$/, `.$1${String(micros % 1000).padStart(3, '0')}Z`);

// Where FreeSWITCH 1.10 fires each channel event (the generator names one place for all).
const CALLING: Readonly<Record<string, readonly [string, string, string]>> = {
  CHANNEL_CREATE: ['switch_core_state_machine.c', 'switch_core_session_run', '584'],
  CHANNEL_PROGRESS: ['switch_channel.c', 'switch_channel_perform_mark_ring_ready_value', '3648'],
  CHANNEL_PROGRESS_MEDIA: ['switch_channel.c', 'switch_channel_perform_mark_pre_answered', '3796'],
  CHANNEL_ANSWER: ['switch_channel.c', 'switch_channel_perform_mark_answered', '3950'],
  CHANNEL_BRIDGE: ['switch_ivr_bridge.c', 'switch_ivr_multi_threaded_bridge', '1718'],
  CHANNEL_UNBRIDGE: ['switch_ivr_bridge.c', 'audio_bridge_thread', '776'],
  CHANNEL_HANGUP: ['switch_channel.c', 'switch_channel_perform_hangup', '4662'],
  CHANNEL_HANGUP_COMPLETE: ['switch_core_state_machine.c', 'switch_core_session_reporting_state', '944'],
};

// A real call's pace, microseconds after the first CHANNEL_CREATE: the carrier rings (180), sends
// early media (183), answers after about 6 s; the call lasts about a minute; the carrier hangs up.
const SCHEDULE = [
  0, 21_344, 187_502, 412_118, 413_027, 414_385, 6_845_210, 6_846_903, 6_851_377, 68_203_114, 68_203_376,
  68_205_208, 68_226_091, 68_241_932,
];

type Headers = Record<string, string | string[]>;

/** One bridged call, both legs, with CHANNEL_PROGRESS_MEDIA after each leg's CHANNEL_PROGRESS (183 with SDP). */
function fullCall(): EslEvent[] {
  const first = named('CHANNEL_CREATE')[0]!;
  const callUuid = text(first, 'Channel-Call-UUID');
  const call: Headers[] = events
    .filter((event) => event.headers['Channel-Call-UUID'] === callUuid)
    .map((event) => ({ ...event.headers }));
  const withMedia: Headers[] = [];
  for (const [i, headers] of call.entries()) {
    withMedia.push(headers);
    if (headers['Event-Name'] !== 'CHANNEL_PROGRESS') continue;
    headers['Caller-Channel-Progress-Media-Time'] = '0'; // ringing (180), no media yet
    const next = call[i + 1]!;
    const at = String(Math.floor((Number(headers['Event-Date-Timestamp']) + Number(next['Event-Date-Timestamp'])) / 2));
    withMedia.push({ ...headers, 'Event-Name': 'CHANNEL_PROGRESS_MEDIA', 'Event-Date-Timestamp': at });
    // From now on this leg's events carry the early-media time.
    for (const later of call.slice(i + 1)) {
      if (later['Unique-ID'] === headers['Unique-ID']) later['Caller-Channel-Progress-Media-Time'] = at;
    }
    withMedia[withMedia.length - 1]!['Caller-Channel-Progress-Media-Time'] = at;
  }
  if (withMedia.length !== SCHEDULE.length) throw new Error(`expected ${SCHEDULE.length} events, got ${withMedia.length}`);
  const warp = timeWarp(withMedia.map((headers) => Number(headers['Event-Date-Timestamp'])));
  const aLegSession = Number(withMedia[0]!['variable_session_id']);
  const firstSequence = Number(withMedia[0]!['Event-Sequence']);
  return withMedia.map((headers, i) => {
    const out: Headers = {};
    for (const [name, value] of Object.entries(headers)) out[name] = typeof value === 'string' ? warp(value) : value;
    const [file, fn, line] = CALLING[String(out['Event-Name'])]!;
    out['Event-Calling-File'] = file;
    out['Event-Calling-Function'] = fn;
    out['Event-Calling-Line-Number'] = line;
    // Renumbered in order: the capture holds this call's events and nothing else in between.
    out['Event-Sequence'] = String(firstSequence + i);
    if (out['Call-Direction'] === 'outbound') out['variable_session_id'] = String(aLegSession + 1);
    deriveTimes(out);
    return { headers: out };
  });
}

/**
 * Maps the generator's compressed clock onto SCHEDULE: event timestamps are the knots, any other
 * microsecond time (created, answered, invite…) moves with the knots around it.
 */
function timeWarp(knots: readonly number[]): (value: string) => string {
  const start = knots[0]!;
  const target = SCHEDULE.map((offset) => start + offset);
  const map = (t: number): number => {
    if (t <= knots[0]!) return t - knots[0]! + target[0]!;
    for (let i = 1; i < knots.length; i++) {
      if (t <= knots[i]!) {
        const ratio = (t - knots[i - 1]!) / (knots[i]! - knots[i - 1]!);
        return Math.round(target[i - 1]! + ratio * (target[i]! - target[i - 1]!));
      }
    }
    return t - knots[knots.length - 1]! + target[target.length - 1]!;
  };
  return (value) => {
    if (!/^\d{16}$/.test(value)) return value;
    const t = Number(value);
    return Math.abs(t - start) < 3_600_000_000 ? String(map(t)) : value;
  };
}

/** Recomputes what FreeSWITCH derives from the (warped) microsecond times: dates, epochs, durations. */
function deriveTimes(h: Headers): void {
  const micros = (name: string): number => Number(h[name] ?? 0);
  const at = micros('Event-Date-Timestamp');
  h['Event-Date-Local'] = localDate(at);
  h['Event-Date-GMT'] = new Date(Math.floor(at / 1000)).toUTCString();
  if (h['variable_end_uepoch'] === undefined) return;
  const created = micros('variable_start_uepoch');
  const answered = micros('variable_answer_uepoch');
  const end = micros('variable_end_uepoch');
  const progress = micros('Caller-Channel-Progress-Time');
  const bridged = micros('Caller-Channel-Bridged-Time') || answered;
  const seconds = (from: number, to: number): string => String(from === 0 ? 0 : Math.round((to - from) / 1e6));
  Object.assign(h, {
    variable_start_stamp: localDate(created),
    variable_profile_start_stamp: localDate(created),
    variable_answer_stamp: localDate(answered),
    variable_bridge_stamp: localDate(bridged),
    variable_progress_stamp: localDate(progress),
    variable_end_stamp: localDate(end),
    variable_start_epoch: String(Math.floor(created / 1e6)),
    variable_answer_epoch: String(Math.floor(answered / 1e6)),
    variable_end_epoch: String(Math.floor(end / 1e6)),
    variable_duration: seconds(created, end),
    variable_billsec: seconds(answered, end),
    variable_progresssec: seconds(created, progress),
    variable_answersec: seconds(created, answered),
    variable_waitsec: seconds(created, answered),
    variable_flow_billsec: seconds(answered, end),
    variable_mduration: String(Math.round((end - created) / 1000)),
    variable_billmsec: String(Math.round((end - answered) / 1000)),
    variable_uduration: String(end - created),
    variable_billusec: String(end - answered),
  });
  // 20 ms packets both ways while answered: 50 a second, 160 bytes of PCMU + 12 of RTP header.
  const packets = Math.round((end - answered) / 20_000);
  Object.assign(h, {
    variable_rtp_audio_in_raw_bytes: String(packets * 172),
    variable_rtp_audio_in_media_bytes: String(packets * 160),
    variable_rtp_audio_in_packet_count: String(packets),
    variable_rtp_audio_in_media_packet_count: String(packets),
    variable_rtp_audio_out_raw_bytes: String(packets * 172),
    variable_rtp_audio_out_packet_count: String(packets),
  });
}

function eventEntry(event: EslEvent, format: 'plain' | 'json'): Omit<RecordedTrafficEntry, 'seq'> {
  const frame = encodeEventFrame(event, format);
  const split = frame.indexOf('\n\n');
  const headers = Object.fromEntries(
    frame
      .toString('utf8', 0, split)
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
  ) as Record<string, string>;
  return {
    at: isoMicros(Number(text(event, 'Event-Date-Timestamp')) + DELIVERY_LAG_MICROS),
    node: NODE,
    direction: 'in',
    contentType: `text/event-${format}`,
    headers,
    body: frame.toString('utf8', split + 2),
  };
}

/** The bgapi that started an originate, its immediate reply, and the BACKGROUND_JOB with the result. */
function backgroundJob(format: 'plain' | 'json'): Array<Omit<RecordedTrafficEntry, 'seq'>> {
  const job = named('BACKGROUND_JOB').find((event) => event.headers['Job-Command'] === 'originate')!;
  const jobUuid = text(job, 'Job-UUID');
  const sentAt = Number(text(job, 'Event-Date-Timestamp')) - 2_350_000;
  return [
    {
      at: isoMicros(sentAt),
      node: NODE,
      direction: 'out',
      headers: {},
      body: bgapiCommand(`${text(job, 'Job-Command')} ${text(job, 'Job-Command-Arg')}`, jobUuid),
    },
    {
      at: isoMicros(sentAt + 412),
      node: NODE,
      direction: 'in',
      contentType: 'command/reply',
      headers: { 'Content-Type': 'command/reply', 'Reply-Text': `+OK Job-UUID: ${jobUuid}`, 'Job-UUID': jobUuid },
    },
    eventEntry(job, format),
  ];
}

const fixtures: Record<string, (format: 'plain' | 'json') => Array<Omit<RecordedTrafficEntry, 'seq'>>> = {
  'full-call': (format) => fullCall().map((event) => eventEntry(event, format)),
  heartbeat: (format) => [eventEntry(named('HEARTBEAT')[0]!, format)],
  'background-job': backgroundJob,
  'sofia-register': (format) => [eventEntry(named('CUSTOM')[0]!, format)],
};

const dir = new URL('../fixtures/', import.meta.url);
for (const [name, build] of Object.entries(fixtures)) {
  for (const format of ['plain', 'json'] as const) {
    const lines = build(format).map((entry, i) => JSON.stringify({ seq: i + 1, ...entry }));
    writeFileSync(new URL(`${name}.${format}.ndjson`, dir), lines.join('\n') + '\n');
  }
}
