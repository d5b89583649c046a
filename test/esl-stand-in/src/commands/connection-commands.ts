import { disconnectNotice } from '../wire-frames.ts';
import type { CommandCall, Outcome } from './command-call.ts';

/** `exit` (any time, auth or not): `+OK bye`, the disconnect notice, close. */
export function exit(call: CommandCall): Outcome {
  call.connection.reply('+OK bye');
  call.connection.end(disconnectNotice(call.connection.session?.uuid));
  return undefined;
}

/** `auth <password>`: the password is the rest of the line, compared exactly; a wrong one ends the connection. */
export function auth(call: CommandCall): Outcome {
  if (!call.is('auth ')) return '';
  if (call.line.slice(5) === call.context.password) {
    call.connection.authed = true;
    return '+OK accepted';
  }
  call.connection.reply('-ERR invalid');
  call.connection.end(disconnectNotice());
  return undefined;
}

const LOG_LEVELS: Readonly<Record<string, number>> = {
  console: 0, alert: 1, crit: 2, err: 3, error: 3, warning: 4, notice: 5, info: 6, debug: 7,
};

/** `log [<level>]`: accepted, though the stand-in writes no log lines. */
export function log(call: CommandCall): Outcome {
  const level = call.line.slice(4);
  const number = level === '' ? 7 : /^[0-7]$/.test(level) ? Number(level) : LOG_LEVELS[level.toLowerCase()];
  if (number === undefined) return '-ERR invalid log level';
  call.connection.logging = true;
  return `+OK log level ${level} [${number}]`;
}

export function nolog(call: CommandCall): Outcome {
  if (!call.connection.logging) return '-ERR not loging'; // sic, as FreeSWITCH spells it
  call.connection.logging = false;
  return '+OK no longer logging';
}
