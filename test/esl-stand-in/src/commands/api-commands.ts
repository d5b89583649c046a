import { randomUUID } from 'node:crypto';
import type { EslHeaders } from '@sapien/esl-protocol';
import { commandHeader } from '../command-reader.ts';
import { eventType } from '../event-names.ts';
import { apiResponse, bgapiReply } from '../wire-frames.ts';
import type { CommandCall, Outcome } from './command-call.ts';

/** `api <command>`: the handler's text as an `api/response`; event delivery waits meanwhile. */
export async function api(call: CommandCall): Promise<Outcome> {
  const connection = call.connection;
  connection.hold();
  try {
    const text = await call.context.runApi(call.line.slice(4));
    connection.write(apiResponse(text === '' ? '-ERR no reply\n' : text));
  } finally {
    connection.release();
  }
  return undefined;
}

/** `bgapi <command>` (a `Job-UUID` header chooses the job's id): the reply now, BACKGROUND_JOB later. */
export function bgapi(call: CommandCall): Outcome {
  const jobUuid = commandHeader(call.command, 'Job-UUID') || randomUUID();
  call.connection.write(bgapiReply(jobUuid));
  call.context.startBackgroundJob(call.connection, jobUuid, call.line.slice(6));
  return undefined;
}

/** `sendevent <type>` with the event's headers (and body) in the command: fired like any event. */
export function sendevent(call: CommandCall): Outcome {
  const eventUuid = randomUUID();
  const headers: EslHeaders = {};
  for (const [name, value] of call.command.headers) {
    if (name.toLowerCase() !== 'content-length') headers[name] = value;
  }
  const name = eventType(call.argument.trim()) ?? headers['Event-Name'] ?? 'CUSTOM';
  call.context.emit({
    headers: { 'Event-Name': name, ...headers, 'Event-UUID': eventUuid },
    ...(call.command.body === undefined ? {} : { body: call.command.body }),
  });
  return `+OK ${eventUuid}`;
}
