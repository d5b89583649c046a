import { isAscii } from 'node:buffer';
import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';
import { decodeHeaderValue, setHeader, type EslHeaders } from './header-values.ts';
import { percentDecodeAscii, percentDecodeBytes } from './percent.ts';
import { IDENTITY_BY_LENGTH, LONGEST_IDENTITY, scannedEvent, type Identity } from './scanned-event.ts';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const PERCENT = 0x25;
const DIGITS = /^[0-9]+$/;
const BLANK_LINE = Buffer.from('\n\n');
const CONTENT_LENGTH = 'Content-Length';

/**
 * Decodes a `text/event-plain` body: `Name: percent-encoded value` lines, then, when a
 * `Content-Length` header is among them, a blank line and that many bytes of event body.
 * Returns the error instead of throwing.
 */
export function parsePlainEvent(bytes: Buffer): EslEvent | EslProtocolError {
  const block = asciiHeaderBlock(bytes);
  return block === undefined ? parseHeaderBytes(bytes) : parseAsciiHeaders(bytes, block.text, block.bodyStart);
}

/**
 * Checks a `text/event-plain` body whole, as `parsePlainEvent` would read it, without decoding it:
 * the event it returns answers its identity headers (`IDENTITY_HEADERS`, through
 * `header`/`headerText`) at once and decodes everything else on first use. A header block that is
 * not ASCII with LF line ends is decoded at once. Returns the error instead of throwing.
 */
export function scanPlainEvent(bytes: Buffer): EslEvent | EslProtocolError {
  const block = asciiHeaderBlock(bytes);
  return block === undefined ? parseHeaderBytes(bytes) : scanAsciiHeaders(bytes, block.text, block.bodyStart);
}

/**
 * FreeSWITCH's header block is ASCII with LF line ends: read it as one string and slice it, rather
 * than decode each name and value separately. Undefined for anything else, which takes the byte path.
 */
function asciiHeaderBlock(bytes: Buffer): Readonly<{ text: string; bodyStart: number }> | undefined {
  const blank = bytes.indexOf(BLANK_LINE);
  const block = bytes.subarray(0, blank === -1 ? bytes.length : blank + 1);
  if (!isAscii(block) || block.indexOf(CR) !== -1) return undefined;
  return { text: block.toString('latin1'), bodyStart: blank === -1 ? bytes.length : blank + 2 };
}

/**
 * `parseAsciiHeaders`' checks without its object: every line a `Name:` line, the inner body's
 * length. Only the identity headers and `Content-Length` are decoded.
 */
function scanAsciiHeaders(bytes: Buffer, text: string, bodyStart: number): EslEvent | EslProtocolError {
  const identity: Identity = [];
  const end = text.length;
  let contentLength: string | undefined;
  for (let pos = 0; pos < end; ) {
    const lineEnd = asciiLineEnd(text, pos);
    if (lineEnd === pos) break;
    const colon = asciiColon(text, pos, lineEnd);
    if (colon < 0) return badAsciiLine(text, pos, lineEnd);
    if (colon - pos <= LONGEST_IDENTITY) {
      if (colon - pos === CONTENT_LENGTH.length && text.startsWith(CONTENT_LENGTH, pos)) {
        contentLength = asciiValue(bytes, text, colon, lineEnd);
      } else {
        const key = identityKey(text, pos, colon);
        if (key !== undefined) identity.push([key, decodeHeaderValue(asciiValue(bytes, text, colon, lineEnd))]);
      }
    }
    pos = lineEnd + 1;
  }
  const length = bodyLength(bytes, contentLength, bodyStart);
  if (length instanceof EslProtocolError) return length;
  return scannedEvent(identity, length >= 0, () => parseAsciiHeaders(bytes, text, bodyStart));
}

/** The name as written when it is an identity header ignoring ASCII case, else undefined. */
function identityKey(text: string, from: number, to: number): string | undefined {
  const candidates = IDENTITY_BY_LENGTH[to - from];
  if (candidates === undefined) return undefined;
  next: for (const [name, lower] of candidates) {
    // `| 0x20` folds ASCII letters; CR (0x0d | 0x20 is '-') never reaches here.
    for (let k = 0; k < lower.length; k++) if ((text.charCodeAt(from + k) | 0x20) !== lower.charCodeAt(k)) continue next;
    return text.startsWith(name, from) ? name : text.slice(from, to);
  }
  return undefined;
}

/** The percent-decoded value of the line whose colon is at `colon`. */
function asciiValue(bytes: Buffer, text: string, colon: number, lineEnd: number): string {
  const valueStart = colon + 1 < lineEnd && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
  return percentDecodeAscii(text, valueStart, lineEnd) ?? percentDecodeBytes(bytes, valueStart, lineEnd);
}

function parseAsciiHeaders(bytes: Buffer, text: string, bodyStart: number): EslEvent | EslProtocolError {
  const headers: EslHeaders = {};
  const end = text.length;
  let contentLength: string | undefined;
  // The next '%' at or after the current value: found once per '%', so the search stays linear
  // in the block however many lines there are.
  let nextPercent = -1;
  for (let pos = 0; pos < end; ) {
    const lineEnd = asciiLineEnd(text, pos);
    if (lineEnd === pos) break;
    const colon = asciiColon(text, pos, lineEnd);
    if (colon < 0) return badAsciiLine(text, pos, lineEnd);
    const valueStart = colon + 1 < lineEnd && text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    if (nextPercent < valueStart && nextPercent !== end) {
      nextPercent = text.indexOf('%', valueStart);
      if (nextPercent === -1) nextPercent = end;
    }
    const value =
      nextPercent < lineEnd
        ? (percentDecodeAscii(text, valueStart, lineEnd) ?? percentDecodeBytes(bytes, valueStart, lineEnd))
        : text.slice(valueStart, lineEnd);
    const name = text.slice(pos, colon);
    setHeader(headers, name, decodeHeaderValue(value));
    if (name === CONTENT_LENGTH) contentLength = value;
    pos = lineEnd + 1;
  }
  return withBody(bytes, headers, contentLength, bodyStart);
}

function parseHeaderBytes(bytes: Buffer): EslEvent | EslProtocolError {
  const headers: EslHeaders = {};
  const end = bytes.length;
  let contentLength: string | undefined;
  let pos = 0;
  let nextPercent = -1;
  while (pos < end) {
    const lf = bytes.indexOf(LF, pos);
    const lineEnd = lf === -1 ? end : lf;
    const valueEnd = lineEnd > pos && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (valueEnd === pos) {
      pos = lineEnd + 1;
      break;
    }
    const colon = bytes.indexOf(COLON, pos);
    if (colon <= pos || colon >= valueEnd) return badLine(bytes.toString('utf8', pos, Math.min(valueEnd, pos + 200)));
    const valueStart = colon + 1 < valueEnd && bytes[colon + 1] === SPACE ? colon + 2 : colon + 1;
    if (nextPercent < valueStart && nextPercent !== end) {
      nextPercent = bytes.indexOf(PERCENT, valueStart);
      if (nextPercent === -1) nextPercent = end;
    }
    const value =
      nextPercent < valueEnd
        ? percentDecodeBytes(bytes, valueStart, valueEnd)
        : bytes.toString('utf8', valueStart, valueEnd);
    const name = bytes.toString('utf8', pos, colon);
    setHeader(headers, name, decodeHeaderValue(value));
    if (name === CONTENT_LENGTH) contentLength = value;
    pos = lineEnd + 1;
  }
  return withBody(bytes, headers, contentLength, pos);
}

function withBody(
  bytes: Buffer,
  headers: EslHeaders,
  contentLength: string | undefined,
  bodyStart: number,
): EslEvent | EslProtocolError {
  const length = bodyLength(bytes, contentLength, bodyStart);
  if (length instanceof EslProtocolError) return length;
  return length < 0 ? { headers } : { headers, body: bytes.toString('utf8', bodyStart, bodyStart + length) };
}

/** The inner body's length in bytes, -1 without a `Content-Length`, or why it does not fit. */
function bodyLength(bytes: Buffer, contentLength: string | undefined, bodyStart: number): number | EslProtocolError {
  if (contentLength === undefined) return -1;
  if (!DIGITS.test(contentLength)) {
    return new EslProtocolError('bad_event_plain', `event Content-Length "${contentLength}" is not a byte count`);
  }
  const length = Number(contentLength);
  const available = Math.max(0, bytes.length - bodyStart);
  if (length > available) {
    return new EslProtocolError(
      'bad_event_plain',
      `event Content-Length ${length} exceeds the ${available} bytes after its headers`,
    );
  }
  return length;
}

/** The end of the line of the ASCII block that starts at `pos`: its LF, or the block's end. */
function asciiLineEnd(text: string, pos: number): number {
  const lf = text.indexOf('\n', pos);
  return lf === -1 ? text.length : lf;
}

/** The colon that ends the line's `Name:` part, or -1 when the line has none. */
function asciiColon(text: string, pos: number, lineEnd: number): number {
  const colon = text.indexOf(':', pos);
  return colon <= pos || colon >= lineEnd ? -1 : colon;
}

function badAsciiLine(text: string, pos: number, lineEnd: number): EslProtocolError {
  return badLine(text.slice(pos, Math.min(lineEnd, pos + 200)));
}

function badLine(line: string): EslProtocolError {
  return new EslProtocolError('bad_event_plain', 'an event header line has no "Name:" part', { line });
}
