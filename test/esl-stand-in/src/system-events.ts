import type { EslEvent } from '@sapien/esl-protocol';

export const FREESWITCH_VERSION = '1.10.12-release+git~20240807T215008Z~a88d069d6f~64bit';

/** `0 years, 0 days, 1 hours, 2 minutes, 3 seconds, 456 milliseconds, 0 microseconds`. */
export function upTimeText(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor(ms / 3_600_000) % 24;
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `0 years, ${days} days, ${hours} hours, ${minutes} minutes, ${seconds} seconds, ${ms % 1000} milliseconds, 0 microseconds`;
}

export type SwitchStats = Readonly<{ uptimeMs: number; sessionCount: number; sessionsSinceStartup: number }>;

/** FreeSWITCH's periodic HEARTBEAT (switch_core.c), base headers left to the stamp. */
export function heartbeatEvent(stats: SwitchStats): EslEvent {
  return {
    headers: {
      'Event-Name': 'HEARTBEAT',
      'Event-Calling-File': 'switch_core.c',
      'Event-Calling-Function': 'send_heartbeat',
      'Event-Calling-Line-Number': '82',
      'Event-Info': 'System Ready',
      'Up-Time': upTimeText(stats.uptimeMs),
      'FreeSWITCH-Version': FREESWITCH_VERSION,
      'Uptime-msec': String(stats.uptimeMs),
      'Session-Count': String(stats.sessionCount),
      'Max-Sessions': '1000',
      'Session-Per-Sec': '30',
      'Session-Per-Sec-Last': '0',
      'Session-Per-Sec-Max': '2',
      'Session-Per-Sec-FiveMin': '0',
      'Session-Since-Startup': String(stats.sessionsSinceStartup),
      'Session-Peak-Max': String(Math.max(stats.sessionCount, 2)),
      'Session-Peak-FiveMin': String(stats.sessionCount),
      'Idle-CPU': '98.733333',
    },
  };
}

/**
 * The BACKGROUND_JOB that carries a `bgapi` result in its body. `ownerUuid`: the channel of an
 * outbound socket that ran the bgapi, so its `myevents` subscription still lets the result through.
 */
export function backgroundJobEvent(jobUuid: string, command: string, result: string, ownerUuid?: string): EslEvent {
  const space = command.indexOf(' ');
  const name = space === -1 ? command : command.slice(0, space);
  return {
    headers: {
      'Event-Name': 'BACKGROUND_JOB',
      'Event-Calling-File': 'mod_event_socket.c',
      'Event-Calling-Function': 'api_exec',
      'Event-Calling-Line-Number': '1572',
      'Job-UUID': jobUuid,
      ...(ownerUuid === undefined ? {} : { 'Job-Owner-UUID': ownerUuid }),
      'Job-Command': name,
      ...(space === -1 ? {} : { 'Job-Command-Arg': command.slice(space + 1) }),
    },
    body: result,
  };
}

/** The `status` api text. */
export function statusText(stats: SwitchStats): string {
  return [
    `UP ${upTimeText(stats.uptimeMs)}`,
    `FreeSWITCH (Version ${FREESWITCH_VERSION}) is ready`,
    `${stats.sessionsSinceStartup} session(s) since startup`,
    `${stats.sessionCount} session(s) - peak ${Math.max(stats.sessionCount, 2)}, last 5min ${stats.sessionCount}`,
    '0 session(s) per Sec out of max 30, peak 2, last 5min 0',
    '1000 session(s) max',
    'min idle cpu 0.00/98.73',
    'Current Stack Size/Max 240K/8192K',
    '',
  ].join('\n');
}

/** The api commands the stand-in answers by default: `status` and `version`; anything else is unknown. */
export function defaultApi(command: string, stats: SwitchStats): string {
  const name = command.split(' ', 1)[0] ?? '';
  if (name === 'status') return statusText(stats);
  if (name === 'version') return `FreeSWITCH Version ${FREESWITCH_VERSION} (git a88d069 2024-08-07 21:50:08Z 64bit)\n`;
  return `-ERR ${name} Command not found!\n`;
}
