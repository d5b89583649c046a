export { EslProtocolError, type EslProtocolErrorCode } from './errors.ts';
export type { RawFrame } from './raw-frame.ts';
export {
  FrameParser,
  DEFAULT_MAX_CONTENT_LENGTH,
  DEFAULT_MAX_HEADER_BYTES,
  type FrameParserOptions,
  type PushResult,
} from './frame-parser.ts';
export { percentDecode, percentDecodeBytes, percentEncode } from './percent.ts';
export { decodeHeaders, decodeHeaderValue, headerValueText, type EslHeaders } from './header-values.ts';
export { header, headerText, eventName, eventSubclass, type EslEvent } from './event.ts';
export { parsePlainEvent, scanPlainEvent } from './plain-event.ts';
export { parseJsonEvent } from './json-event.ts';
export { scanJsonEvent, eventJson, type EventJson } from './compact-json-event.ts';
export { IDENTITY_HEADERS, type IdentityHeader } from './scanned-event.ts';
export {
  classifyFrame,
  channelData,
  frameHeaders,
  type EslMessage,
  type AuthRequest,
  type CommandReply,
  type ApiResponse,
  type EventMessage,
  type DisconnectNotice,
  type RudeRejection,
  type LogData,
  type UnknownMessage,
  type MessageError,
  type FrameHeaders,
} from './frames.ts';
export {
  command,
  authCommand,
  eventCommand,
  nixeventCommand,
  noeventsCommand,
  filterCommand,
  filterDeleteCommand,
  apiCommand,
  bgapiCommand,
  sendmsgCommand,
  myeventsCommand,
  lingerCommand,
  nolingerCommand,
  connectCommand,
  exitCommand,
  logCommand,
  nologCommand,
  type EventFormat,
  type CommandHeaders,
  type SendMsg,
} from './commands.ts';
export { encodeFrame, type FrameHeaderList } from './frame-encoder.ts';
export { encodePlainEvent, encodeJsonEvent, encodeEventFrame } from './event-encoder.ts';
export type { RecordedTrafficEntry, WireFrame } from './recorded-traffic.ts';
