import { EslProtocolError } from './errors.ts';

export type FrameHeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * Writes a frame as FreeSWITCH does: `Name: value` lines, a blank line, the body. The
 * `Content-Length` is always the body's byte length: a supplied one is rewritten in place (so
 * a caller chooses where it goes; without a body it becomes 0), otherwise one is appended when
 * there is a body. Throws on a header that cannot be written (this is for the FreeSWITCH side of
 * tests and stand-ins).
 */
export function encodeFrame(headers: FrameHeaderList, body?: Buffer | string): Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const contentLength = String(bodyBytes?.length ?? 0);
  let text = '';
  let wroteLength = false;
  for (const [name, value] of headers) {
    checkHeader(name, value);
    if (name.toLowerCase() === 'content-length') {
      if (wroteLength) continue;
      wroteLength = true;
      text += `${name}: ${contentLength}\n`;
    } else {
      text += `${name}: ${value}\n`;
    }
  }
  if (bodyBytes !== undefined && !wroteLength) text += `Content-Length: ${contentLength}\n`;
  const head = Buffer.from(text + '\n', 'utf8');
  return bodyBytes === undefined || bodyBytes.length === 0 ? head : Buffer.concat([head, bodyBytes]);
}

/** Refuses what would break the `Name: value` line grammar. */
export function checkHeader(name: string, value: string): void {
  if (name === '' || name.includes(':') || /[\r\n]/.test(name)) {
    throw new EslProtocolError('bad_argument', `"${name}" cannot be a header name`);
  }
  if (/[\r\n]/.test(value)) {
    throw new EslProtocolError('newline_in_argument', `header ${name} has a line break in its value`);
  }
}
