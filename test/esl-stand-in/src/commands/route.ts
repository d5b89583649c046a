import type { EslCommand } from '../command-reader.ts';
import type { EslConnection } from '../connection.ts';
import { api, bgapi, sendevent } from './api-commands.ts';
import { CommandCall, type Outcome, type SwitchContext } from './command-call.ts';
import { auth, exit, log, nolog } from './connection-commands.ts';
import { event, filter, myevents, nixevent, noevents } from './event-commands.ts';
import { connect, divertEvents, getvar, linger, nolinger, resume, sendmsg } from './session-commands.ts';

type Route = Readonly<{
  when: (call: CommandCall) => boolean;
  run: (call: CommandCall) => Outcome | Promise<Outcome>;
}>;

const outbound = (call: CommandCall): boolean => call.connection.session !== undefined;
const notFound = (): Outcome => '';

/**
 * mod_event_socket's parse_command as a table, tried in its order; the first route whose `when`
 * holds runs. The order matters: commands match by prefix, and an outbound socket without `full`
 * stops at the `single-channel` line.
 */
const ROUTES: readonly Route[] = [
  { when: (c) => c.is('exit') || c.is('...'), run: exit },
  { when: (c) => !c.connection.authed, run: auth },
  { when: (c) => c.is('filter '), run: filter },
  { when: (c) => outbound(c) && c.is('resume'), run: resume },
  { when: (c) => outbound(c) && c.is('connect'), run: connect },
  { when: (c) => outbound(c) && c.is('getvar'), run: getvar },
  { when: (c) => (outbound(c) && c.is('myevents')) || c.is('myevents '), run: myevents },
  { when: (c) => c.is('divert_events'), run: divertEvents },
  { when: (c) => c.is('sendmsg'), run: sendmsg },
  // single-channel: an outbound socket without `full` may not go further.
  { when: (c) => outbound(c) && c.connection.session?.full !== true, run: notFound },
  { when: (c) => c.is('sendevent'), run: sendevent },
  { when: (c) => c.is('api '), run: api },
  { when: (c) => c.is('bgapi '), run: bgapi },
  { when: (c) => c.is('log'), run: log },
  { when: (c) => c.is('linger'), run: linger },
  { when: (c) => c.is('nolinger'), run: nolinger },
  { when: (c) => c.is('nolog'), run: nolog },
  { when: (c) => c.is('event'), run: event },
  { when: (c) => c.is('nixevent'), run: nixevent },
  { when: (c) => c.is('noevents'), run: noevents },
];

/** Runs one command and writes its reply. */
export async function runCommand(context: SwitchContext, connection: EslConnection, command: EslCommand): Promise<void> {
  const call = new CommandCall(context, connection, command);
  const route = ROUTES.find((candidate) => candidate.when(call));
  const outcome = route === undefined ? '' : await route.run(call);
  if (outcome !== undefined) connection.reply(outcome === '' ? '-ERR command not found' : outcome);
}
