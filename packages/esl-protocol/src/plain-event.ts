import { isAscii } from 'node:buffer';
import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';
import { decodeHeaderValue, setHeader, type EslHeaders } from './header-values.ts';
import { percentDecodeAscii, percentDecodeBytes } from './percent.ts';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const PERCENT = 0x25;
const DIGITS = /^[0-9]+$/;
const BLANK_LINE = Buffer.from('\n\n');

/**
 * Decodes a `text/event-plain` body: `Name: percent-encoded value` lines, then, when a
 * `Content-Length` header is among them, a blank line and that many bytes of event body.
 * Returns the error instead of throwing.
 */
export function parsePlainEvent(bytes: Buffer): EslEvent | EslProtocolError {
  // FreeSWITCH's header block is ASCII with LF line ends: read it as one string and slice it,
  // rather than decode each name and value separately. Anything else takes the byte path.
  const blank = bytes.indexOf(BLANK_LINE);
  const headerEnd = blank === -1 ? bytes.length : blank + 1;
  const block = bytes.subarray(0, headerEnd);
  if (isAscii(block) && block.indexOf(CR) === -1) {
    return parseAsciiHeaders(bytes, block.toString('latin1'), blank === -1 ? bytes.length : blank + 2);
  }
  return parseHeaderBytes(bytes);
}

function parseAsciiHeaders(bytes: Buffer, text: string, bodyStart: number): EslEvent | EslProtocolError {
  const headers: EslHeaders = {};
  const end = text.length;
  let contentLength: string | undefined;
  let pos = 0;
  // The next '%' at or after the current value: found once per '%', so the search stays linear
  // in the block however many lines there are.
  let nextPercent = -1;
  while (pos < end) {
    const lf = text.indexOf('\n', pos);
    const lineEnd = lf === -1 ? end : lf;
    if (lineEnd === pos) break;
    const colon = text.indexOf(':', pos);
    if (colon <= pos || colon >= lineEnd) return badLine(text.slice(pos, Math.min(lineEnd, pos + 200)));
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
    if (name === 'Content-Length') contentLength = value;
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
    if (name === 'Content-Length') contentLength = value;
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
  if (contentLength === undefined) return { headers };
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
  return { headers, body: bytes.toString('utf8', bodyStart, bodyStart + length) };
}

function badLine(line: string): EslProtocolError {
  return new EslProtocolError('bad_event_plain', 'an event header line has no "Name:" part', { line });
}
