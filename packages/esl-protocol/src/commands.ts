import { EslProtocolError } from './errors.ts';

/**
 * Commands as FreeSWITCH's mod_event_socket reads them: a command line, optional `Name: value`
 * lines, a blank line, then `Content-Length` bytes of body when there is one. A CR or LF inside
 * any argument would end the command early and let the rest run as another command, so it is
 * refused.
 */

export type EventFormat = 'plain' | 'json';
export type CommandHeaders = Readonly<Record<string, string>>;

const NEWLINE = /[\r\n]/;

function argument(value: string, what: string): string {
  if (NEWLINE.test(value)) {
    throw new EslProtocolError('newline_in_argument', `${what} contains a line break`, { argument: what });
  }
  return value;
}

function required(value: string, what: string): string {
  if (argument(value, what).trim() === '') {
    throw new EslProtocolError('empty_command', `${what} is empty`, { argument: what });
  }
  return value;
}

function word(value: string, what: string): string {
  if (/\s/.test(required(value, what))) {
    throw new EslProtocolError('bad_argument', `${what} must be one word`, { argument: what });
  }
  return value;
}

/** Any command: `line`, then headers, then a body with its byte length. */
export function command(line: string, headers: CommandHeaders = {}, body?: string): string {
  let text = required(line, 'the command') + '\n';
  for (const [name, value] of Object.entries(headers)) {
    if (name.includes(':')) throw new EslProtocolError('bad_argument', `header name "${name}" contains ':'`);
    text += `${required(name, 'a header name')}: ${argument(value, `header ${name}`)}\n`;
  }
  if (body === undefined) return text + '\n';
  return `${text}Content-Length: ${Buffer.byteLength(body, 'utf8')}\n\n${body}`;
}

function names(values: readonly string[], what: string): string {
  if (values.length === 0) throw new EslProtocolError('empty_command', `no ${what} given`);
  return values.map((value) => required(value, what)).join(' ');
}

export const authCommand = (password: string): string => command(`auth ${required(password, 'the password')}`);

/** `event json ALL`, `event plain CHANNEL_ANSWER CUSTOM sofia::register`. */
export const eventCommand = (format: EventFormat, events: readonly string[]): string =>
  command(`event ${format} ${names(events, 'event name')}`);

export const nixeventCommand = (events: readonly string[]): string => command(`nixevent ${names(events, 'event name')}`);

export const noeventsCommand = (): string => command('noevents');

/** `filter Event-Name CHANNEL_ANSWER`: only events with that header value are delivered. */
export const filterCommand = (headerName: string, value: string): string =>
  command(`filter ${word(headerName, 'the filter header')} ${required(value, 'the filter value')}`);

/** `filter delete <header> [<value>]`; `filter delete all` removes every filter. */
export const filterDeleteCommand = (headerName: string, value?: string): string =>
  command(
    `filter delete ${word(headerName, 'the filter header')}` +
      (value === undefined ? '' : ` ${required(value, 'the filter value')}`),
  );

/** Blocks event delivery on this connection until FreeSWITCH answers. */
export const apiCommand = (cmd: string): string => command(`api ${required(cmd, 'the api command')}`);

/** Answers at once with a `Job-UUID`; the result comes later as a `BACKGROUND_JOB` event body. */
export const bgapiCommand = (cmd: string, jobUuid?: string): string =>
  command(
    `bgapi ${required(cmd, 'the bgapi command')}`,
    jobUuid === undefined ? {} : { 'Job-UUID': word(jobUuid, 'the Job-UUID') },
  );

export type SendMsg = Readonly<{
  /** The channel; omitted on an outbound socket, which controls its own. */
  uuid?: string;
  /** e.g. `call-command: execute`, `execute-app-name`, `execute-app-arg`, `event-lock: true`. */
  headers: CommandHeaders;
  body?: string;
}>;

export const sendmsgCommand = (message: SendMsg): string =>
  command(
    message.uuid === undefined ? 'sendmsg' : `sendmsg ${word(message.uuid, 'the channel uuid')}`,
    message.headers,
    message.body,
  );

/** `myevents [json|plain] [<uuid>]`: only the events of one channel (the socket's own when outbound). */
export const myeventsCommand = (options: Readonly<{ format?: EventFormat; uuid?: string }> = {}): string => {
  let line = 'myevents';
  if (options.format !== undefined) line += ` ${options.format}`;
  if (options.uuid !== undefined) line += ` ${word(options.uuid, 'the channel uuid')}`;
  return command(line);
};

/** Keeps an outbound socket open after hang-up, for ever or for `seconds`. */
export const lingerCommand = (seconds?: number): string => {
  if (seconds === undefined) return command('linger');
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new EslProtocolError('bad_argument', `linger seconds must be a positive integer, not ${seconds}`);
  }
  return command(`linger ${seconds}`);
};

export const nolingerCommand = (): string => command('nolinger');

/** The first command on an outbound socket; the reply carries the channel data. */
export const connectCommand = (): string => command('connect');

export const exitCommand = (): string => command('exit');

/** `log <level>`: a level 0–7 or a name such as `debug`, `info`, `warning`. */
export const logCommand = (level: number | string): string =>
  command(`log ${typeof level === 'number' ? logLevelNumber(level) : word(level, 'the log level')}`);

export const nologCommand = (): string => command('nolog');

function logLevelNumber(level: number): number {
  if (!Number.isInteger(level) || level < 0 || level > 7) {
    throw new EslProtocolError('bad_argument', `log level must be 0–7, not ${level}`);
  }
  return level;
}
