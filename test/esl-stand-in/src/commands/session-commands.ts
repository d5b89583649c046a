import { commandHeader } from '../command-reader.ts';
import type { CommandCall, Outcome } from './command-call.ts';

/** `connect`: the channel data, as the reply's headers. */
export function connect(call: CommandCall): Outcome {
  const session = call.connection.session;
  if (session === undefined) return '';
  call.connection.write(session.connectReply());
  session.markConnected();
  return undefined;
}

/** `getvar <name>`: a channel variable; an empty one reads as an unknown command, as in FreeSWITCH. */
export function getvar(call: CommandCall): Outcome {
  return call.connection.session?.variable(call.argument) ?? '';
}

export function resume(): Outcome {
  return '+OK';
}

export function divertEvents(call: CommandCall): Outcome {
  if (call.connection.session === undefined) return '-ERR not controlling a session.';
  const value = call.line.slice(13).trim();
  if (value === '') return '-ERR missing value.';
  return value.toLowerCase() === 'on' ? '+OK events diverted' : '+OK events not diverted';
}

/** `linger [<seconds>]`: the socket stays open after hang-up, to drain the channel's last events. */
export function linger(call: CommandCall): Outcome {
  if (call.connection.session === undefined) return '-ERR not controlling a session';
  const seconds = call.line[6] === ' ' && call.line.length > 7 ? Number.parseInt(call.line.slice(7), 10) || 0 : -1;
  call.connection.linger = seconds;
  return seconds === -1 ? '+OK will linger' : `+OK will linger ${seconds} seconds`;
}

export function nolinger(call: CommandCall): Outcome {
  if (call.connection.session === undefined) return '-ERR not controlling a session';
  call.connection.linger = undefined;
  return '+OK will not linger';
}

/**
 * `sendmsg [<uuid>]`: to the socket's own channel or a channel the stand-in has dialled out;
 * `call-command: hangup` hangs it up, any other message is acknowledged.
 */
export function sendmsg(call: CommandCall): Outcome {
  const own = call.connection.session;
  const named = call.line.slice(7).trim() || commandHeader(call.command, 'session-id') || undefined;
  const target = named === undefined || named === own?.uuid ? own : call.context.findSession(named);
  if (target === undefined) return `-ERR invalid session id [${named ?? ''}]`;
  if (commandHeader(call.command, 'call-command')?.toLowerCase() === 'hangup') {
    const cause = commandHeader(call.command, 'hangup-cause') ?? 'NORMAL_CLEARING';
    call.connection.reply('+OK');
    // After the reply, as FreeSWITCH answers before the channel's hang-up events follow.
    setImmediate(() => target.hangup(cause));
    return undefined;
  }
  return '+OK';
}
