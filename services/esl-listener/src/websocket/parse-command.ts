import { isUuid, ValidationError } from '@sapien/kernel';
import { CAPTURE_LIMITS, parseEventSelector, type CaptureRequest, type Direction, type EventSelector } from '../capture/index.ts';
import { WebSocketMessageError } from './errors.ts';
import { FieldReader } from './fields.ts';
import { COMMAND_NAMES, type Command, type CommandId, type CommandMessage, type CommandName } from './messages.ts';

const MAX_EVENT_NAMES = 100;
const EVENT_NAME = { maxLength: 200 };
// A node is named in SAPIEN_ESL_TARGETS (default: the host, IPv6 brackets included).
const NODE = { maxLength: 255, pattern: /^[A-Za-z0-9_.:[\]-]+$/, describe: 'a node name (letters, digits, _ . : - [ ])' };
// A CR or LF would end the ESL command early and run the rest as another command.
const CMD = { maxLength: 8192, pattern: /^[^\r\n\0]+$/, describe: 'one line (no CR, LF or NUL)' };
const CAPTURE_ID = { maxLength: 36 };
const ID_MAX_LENGTH = 128;

/**
 * Reads a CommandMessage `{ id, command, value }` strictly. Throws WebSocketMessageError for
 * text that is not a message, ValidationError for a bad value (naming the field), in both cases
 * with the message's id when it had a usable one (see `messageId`).
 */
export function parseCommandMessage(text: string): CommandMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WebSocketMessageError('invalid-json', 'the message is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WebSocketMessageError('invalid-message', 'the message must be a JSON object { id, command, value }');
  }
  const message = parsed as Readonly<Record<string, unknown>>;
  const id = commandId(message.id);
  if (id === undefined) {
    throw new WebSocketMessageError('invalid-message', `id must be a non-empty string of at most ${ID_MAX_LENGTH} characters or an integer`);
  }
  for (const key of Object.keys(message)) {
    if (key !== 'id' && key !== 'command' && key !== 'value') {
      throw new ValidationError(`${key} is not a known field (expected id, command, value)`, key);
    }
  }
  if (typeof message.command !== 'string') throw new WebSocketMessageError('invalid-message', 'command must be a string');
  if (!isCommandName(message.command)) {
    throw new WebSocketMessageError('unknown-command', `unknown command ${JSON.stringify(message.command.slice(0, 64))} (expected ${COMMAND_NAMES.join(', ')})`);
  }
  return { id, ...commandValue(message.command, message.value) };
}

/** The id of a message that failed to parse, so the error can answer it; null when it had none. */
export function messageId(text: string): CommandId | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return null;
    return commandId((parsed as Readonly<Record<string, unknown>>).id) ?? null;
  } catch {
    return null;
  }
}

const commandId = (id: unknown): CommandId | undefined => {
  if (typeof id === 'string' && id.length > 0 && id.length <= ID_MAX_LENGTH) return id;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return id;
  return undefined;
};

const isCommandName = (name: string): name is CommandName => (COMMAND_NAMES as readonly string[]).includes(name);

function commandValue(command: CommandName, value: unknown): Command {
  switch (command) {
    case 'subscribe':
    case 'unsubscribe': {
      const fields = FieldReader.object(value, 'value', ['events', 'node']);
      const events = eventSelectors(fields, 'events', true)!;
      const node = fields.optionalString('node', NODE);
      return { command, value: { events, ...(node === undefined ? {} : { node }) } };
    }
    case 'api':
    case 'bgapi': {
      const fields = FieldReader.object(value, 'value', ['node', 'cmd']);
      return { command, value: { node: fields.string('node', NODE), cmd: fields.string('cmd', CMD) } };
    }
    case 'startCapturingTraffic':
      return { command, value: captureRequest(value) };
    case 'stopCapturingTraffic': {
      const fields = FieldReader.object(value, 'value', ['captureId']);
      return { command, value: { captureId: captureId(fields) } };
    }
    case 'getRecordedTraffic': {
      const fields = FieldReader.object(value, 'value', ['captureId', 'after', 'limit']);
      const after = fields.optionalInteger('after', 0, CAPTURE_LIMITS.maxEntries);
      const limit = fields.optionalInteger('limit', 1, CAPTURE_LIMITS.maxPageLimit);
      return {
        command,
        value: { captureId: captureId(fields), ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) },
      };
    }
    case 'getNodes':
      FieldReader.object(value, 'value', [], true);
      return { command, value: {} };
    default: {
      const unknownCommand: never = command;
      throw new WebSocketMessageError('unknown-command', `unknown command ${String(unknownCommand)}`);
    }
  }
}

/** StartCapturingTrafficValue `{ node?, maxEntries?, maxDurationMs?, directions?, eventNames? }`. */
function captureRequest(value: unknown): CaptureRequest {
  const fields = FieldReader.object(value, 'value', ['node', 'maxEntries', 'maxDurationMs', 'directions', 'eventNames'], true);
  const node = fields.optionalString('node', NODE);
  const maxEntries = fields.optionalInteger('maxEntries', 1, CAPTURE_LIMITS.maxEntries);
  const maxDurationMs = fields.optionalInteger('maxDurationMs', 1, CAPTURE_LIMITS.maxDurationMs);
  const directions = fields.optionalStringArray('directions', 2, { maxLength: 3, pattern: /^(in|out)$/, describe: '"in" or "out"' }) as
    | Direction[]
    | undefined;
  const eventNames = eventSelectors(fields, 'eventNames', false);
  return {
    ...(node === undefined ? {} : { node }),
    ...(maxEntries === undefined ? {} : { maxEntries }),
    ...(maxDurationMs === undefined ? {} : { maxDurationMs }),
    ...(directions === undefined ? {} : { directions }),
    ...(eventNames === undefined ? {} : { eventNames }),
  };
}

function eventSelectors(fields: FieldReader, key: string, required: boolean): EventSelector[] | undefined {
  const names = required ? fields.stringArray(key, MAX_EVENT_NAMES, EVENT_NAME) : fields.optionalStringArray(key, MAX_EVENT_NAMES, EVENT_NAME);
  return names?.map((name, index) => {
    const selector = parseEventSelector(name);
    if (selector === undefined) {
      const field = `${fields.field(key)}[${index}]`;
      throw new ValidationError(`${field} must be an event name such as ALL, CHANNEL_ANSWER, CUSTOM or CUSTOM::sofia::register`, field);
    }
    return selector;
  });
}

function captureId(fields: FieldReader): string {
  const id = fields.string('captureId', CAPTURE_ID);
  if (!isUuid(id)) throw new ValidationError(`${fields.field('captureId')} must be a UUID`, fields.field('captureId'));
  return id;
}
