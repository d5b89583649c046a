import { scanJsonEvent } from './compact-json-event.ts';
import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';
import { decodeHeaders, setHeader, type EslHeaders } from './header-values.ts';
import { parseJsonEvent } from './json-event.ts';
import { percentDecode } from './percent.ts';
import { scanPlainEvent } from './plain-event.ts';
import type { RawFrame } from './raw-frame.ts';

/** Wire headers by name, values as sent; a repeated name keeps its last value. */
export type FrameHeaders = Readonly<Record<string, string>>;

export type AuthRequest = Readonly<{ type: 'auth-request'; frame: RawFrame }>;
export type CommandReply = Readonly<{
  type: 'command-reply';
  frame: RawFrame;
  /** `Reply-Text`, decoded and without its trailing newline, e.g. `+OK accepted` or `-ERR invalid`. */
  replyText: string;
  ok: boolean;
  /** `Job-UUID` of a `bgapi` reply. */
  jobUuid: string | undefined;
  headers: FrameHeaders;
}>;
export type ApiResponse = Readonly<{ type: 'api-response'; frame: RawFrame; body: string }>;
export type EventMessage = Readonly<{ type: 'event'; frame: RawFrame; format: 'plain' | 'json'; event: EslEvent }>;
export type DisconnectNotice = Readonly<{
  type: 'disconnect-notice';
  frame: RawFrame;
  body: string;
  /** `Content-Disposition: linger`: the channel hung up and the socket stays open to drain events. */
  linger: boolean;
  headers: FrameHeaders;
}>;
export type RudeRejection = Readonly<{ type: 'rude-rejection'; frame: RawFrame; body: string }>;
export type LogData = Readonly<{ type: 'log-data'; frame: RawFrame; headers: FrameHeaders; body: string }>;
/** Any other content type (`text/event-xml` included), or none: surfaced, never fatal. */
export type UnknownMessage = Readonly<{ type: 'unknown'; frame: RawFrame; contentType: string | undefined }>;
/** A well-framed message whose body could not be decoded; the stream itself is still sound. */
export type MessageError = Readonly<{ type: 'error'; frame: RawFrame; error: EslProtocolError }>;

export type EslMessage =
  | AuthRequest
  | CommandReply
  | ApiResponse
  | EventMessage
  | DisconnectNotice
  | RudeRejection
  | LogData
  | UnknownMessage
  | MessageError;

/** Interprets a frame by its `Content-Type`. Never throws. */
export function classifyFrame(frame: RawFrame): EslMessage {
  switch (frame.contentType) {
    case 'text/event-json':
      return eventMessage(frame, 'json');
    case 'text/event-plain':
      return eventMessage(frame, 'plain');
    case 'api/response':
      return { type: 'api-response', frame, body: bodyText(frame) };
    case 'command/reply':
      return commandReply(frame);
    case 'auth/request':
      return { type: 'auth-request', frame };
    case 'text/disconnect-notice': {
      const headers = frameHeaders(frame);
      const linger = headers['Content-Disposition']?.trim().toLowerCase() === 'linger';
      return { type: 'disconnect-notice', frame, body: bodyText(frame), linger, headers };
    }
    case 'text/rude-rejection':
      return { type: 'rude-rejection', frame, body: bodyText(frame) };
    case 'log/data':
      return { type: 'log-data', frame, headers: frameHeaders(frame), body: bodyText(frame) };
    default:
      return { type: 'unknown', frame, contentType: frame.contentType };
  }
}

/** The channel data of an outbound `connect` reply: its headers, percent-decoded. */
export function channelData(reply: CommandReply): EslHeaders {
  return decodeHeaders(reply.frame.headers);
}

/** A frame's headers by name, values as sent. */
export function frameHeaders(frame: RawFrame): FrameHeaders {
  const headers: Record<string, string> = {};
  for (const [name, value] of frame.headers) setHeader(headers, name, value);
  return headers;
}

function eventMessage(frame: RawFrame, format: 'plain' | 'json'): EventMessage | MessageError {
  if (frame.body === undefined) {
    const error = new EslProtocolError(format === 'json' ? 'bad_event_json' : 'bad_event_plain', 'an event frame has no body');
    return { type: 'error', frame, error };
  }
  const event = format === 'json' ? (scanJsonEvent(frame.body) ?? parseJsonEvent(frame.body)) : scanPlainEvent(frame.body);
  return event instanceof EslProtocolError ? { type: 'error', frame, error: event } : { type: 'event', frame, format, event };
}

function commandReply(frame: RawFrame): CommandReply {
  const headers = frameHeaders(frame);
  // The outbound `connect` reply is percent-encoded channel data, its Reply-Text `%2BOK%0A`.
  const replyText = percentDecode(headers['Reply-Text'] ?? '').trimEnd();
  return { type: 'command-reply', frame, replyText, ok: replyText.startsWith('+OK'), jobUuid: headers['Job-UUID'], headers };
}

function bodyText(frame: RawFrame): string {
  return frame.body === undefined ? '' : frame.body.toString('utf8');
}
