import { crc32 } from 'node:zlib';

/**
 * One spool record on disk: `<crc32 of the payload, 8 hex digits> <payload>\n`. A newline ends
 * every record, so a reader resynchronises after damage; the checksum tells a whole record from
 * a torn or zero-filled one.
 */
const CRC_DIGITS = 8;
const NEWLINE = 0x0a;
const SPACE = 0x20;

/** The bytes a record of `body.length` bytes takes on disk. */
export const spoolLineLength = (body: Uint8Array): number => CRC_DIGITS + 1 + body.length + 1;

/** Writes the record's line into `target` at `offset`; returns the offset after it. */
export const writeSpoolLine = (target: Buffer, offset: number, body: Uint8Array): number => {
  target.write(crc32(body).toString(16).padStart(CRC_DIGITS, '0'), offset, 'latin1');
  target[offset + CRC_DIGITS] = SPACE;
  target.set(body, offset + CRC_DIGITS + 1);
  const end = offset + spoolLineLength(body);
  target[end - 1] = NEWLINE;
  return end;
};

export type ScannedLine = Readonly<{
  /** Offset of the line's first byte within the scanned buffer. */
  start: number;
  /** Offset just past its newline. */
  end: number;
  /** The payload's bytes (a view of the scanned buffer) when the line is a whole record; `undefined` when it is damaged. */
  body: Buffer | undefined;
}>;

const HEX = /^[0-9a-f]{8}$/;

const bodyOf = (buffer: Buffer, start: number, newline: number): Buffer | undefined => {
  if (newline - start < CRC_DIGITS + 1 || buffer[start + CRC_DIGITS] !== SPACE) return undefined;
  const digits = buffer.toString('latin1', start, start + CRC_DIGITS);
  if (!HEX.test(digits)) return undefined;
  const body = buffer.subarray(start + CRC_DIGITS + 1, newline);
  return crc32(body) === Number.parseInt(digits, 16) ? body : undefined;
};

/**
 * The newline-terminated lines of `buffer[from, to)`, whole or damaged. Bytes after the last
 * newline are not a line (yet): the caller reads more, or treats them as a torn tail.
 */
export function* scanSpoolLines(buffer: Buffer, from = 0, to = buffer.length): Generator<ScannedLine> {
  let start = from;
  while (start < to) {
    const newline = buffer.indexOf(NEWLINE, start);
    if (newline === -1 || newline >= to) return;
    yield { start, end: newline + 1, body: bodyOf(buffer, start, newline) };
    start = newline + 1;
  }
}
