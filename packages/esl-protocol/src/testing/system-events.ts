import type { EslEvent } from '../event.ts';
import { baseHeaders, type TrafficContext } from './event-context.ts';

const VERSION = '1.10.12-release+git~20240807T215008Z~a88d069d6f~64bit';

function upTime(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `0 years, 0 days, ${hours} hours, ${minutes} minutes, ${seconds} seconds, ${ms % 1000} milliseconds, 0 microseconds`;
}

/** The periodic `HEARTBEAT` (every 20 s by default in FreeSWITCH). */
export function heartbeat(ctx: TrafficContext, sessions: number): EslEvent {
  const uptimeMs = Math.floor(ctx.nowMicros / 1000) % 86_400_000;
  return {
    headers: Object.fromEntries([
      ...baseHeaders(ctx, 'HEARTBEAT', ['switch_core.c', 'send_heartbeat', 82]),
      ['Event-Info', 'System Ready'],
      ['Up-Time', upTime(uptimeMs)],
      ['FreeSWITCH-Version', VERSION],
      ['Uptime-msec', String(uptimeMs)],
      ['Session-Count', String(sessions)],
      ['Max-Sessions', '1000'],
      ['Session-Per-Sec', '30'],
      ['Session-Per-Sec-Last', String(ctx.random.int(0, 12))],
      ['Session-Per-Sec-Max', '14'],
      ['Session-Per-Sec-FiveMin', String(ctx.random.int(0, 9))],
      ['Session-Since-Startup', String(ctx.sequence)],
      ['Session-Peak-Max', '48'],
      ['Session-Peak-FiveMin', String(ctx.random.int(sessions, sessions + 10))],
      ['Idle-CPU', `${ctx.random.int(80, 99)}.${ctx.random.int(100000, 999999)}`],
    ]),
  };
}

/** The `BACKGROUND_JOB` that answers a `bgapi`: the command's output is the body. */
export function backgroundJob(ctx: TrafficContext): EslEvent {
  const status = ctx.random.chance(0.5);
  const jobUuid = ctx.random.uuid();
  const number = `1${ctx.random.int(2000000000, 9999999999)}`;
  return {
    headers: Object.fromEntries([
      ...baseHeaders(ctx, 'BACKGROUND_JOB', ['mod_event_socket.c', 'api_exec', 1572]),
      ['Job-UUID', jobUuid],
      ['Job-Command', status ? 'status' : 'originate'],
      ...(status ? [] : [['Job-Command-Arg', `{origination_caller_id_number=1000}sofia/gateway/carrier/${number} &park()`]]),
    ]),
    body: status
      ? [
          `UP ${upTime(Math.floor(ctx.nowMicros / 1000) % 86_400_000)}`,
          `FreeSWITCH (Version ${VERSION}) is ready`,
          `${ctx.sequence} session(s) since startup`,
          `${ctx.random.int(0, 40)} session(s) - peak 48, last 5min 12`,
          '0 session(s) per Sec out of max 30, peak 14, last 5min 9',
          '1000 session(s) max',
          'min idle cpu 0.00/97.73',
          'Current Stack Size/Max 240K/8192K',
          '',
        ].join('\n')
      : `+OK ${ctx.random.uuid()}\n`,
  };
}

/** `CUSTOM sofia::register`, sent when a phone registers. */
export function sofiaRegister(ctx: TrafficContext): EslEvent {
  const user = String(ctx.random.int(1000, 1099));
  const ip = `10.0.${ctx.random.int(0, 9)}.${ctx.random.int(2, 250)}`;
  const port = String(ctx.random.int(5060, 65000));
  const domain = ctx.ipv4;
  return {
    headers: Object.fromEntries([
      ...baseHeaders(ctx, 'CUSTOM', ['sofia_reg.c', 'sofia_reg_handle_register_token', 1917]),
      ['Event-Subclass', 'sofia::register'],
      ['profile-name', 'internal'],
      ['from-user', user],
      ['from-host', domain],
      ['presence-hosts', `${domain},${domain}`],
      ['contact', `"${user}" <sip:${user}@${ip}:${port};rinstance=${ctx.random.hex(16)};transport=UDP>`],
      ['call-id', `${ctx.random.hex(22)}`],
      ['rpid', 'unknown'],
      ['status', 'Registered(UDP)'],
      ['expires', '3600'],
      ['to-user', user],
      ['to-host', domain],
      ['network-ip', ip],
      ['network-port', port],
      ['username', user],
      ['realm', domain],
      ['user-agent', ctx.random.pick(['Z 5.6.2 v2.10.20.3', 'Yealink SIP-T46S 66.86.0.15', 'Linphone/5.2.0 (belle-sip/5.2.0)'])],
    ]),
  };
}
