/**
 * Percent-encoding as FreeSWITCH uses it in plain events and outbound channel data.
 *
 * Decoding is tolerant and works on bytes: `%XX` becomes one byte, anything else (`%ZZ`, a lone
 * `%`, `%4`) stays literally, and the bytes are then read as UTF-8 with U+FFFD for invalid
 * sequences (Node's decoder replaces exactly as a non-fatal `TextDecoder` does). Real traffic
 * carries values that are not valid UTF-8 once decoded, which is where `decodeURIComponent` throws.
 */

const HEX_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[0x41 + i] = 10 + i;
  HEX_VALUE[0x61 + i] = 10 + i;
}

const PERCENT = 0x25;

// One growing scratch buffer: decoding is synchronous, so it is never shared between calls.
let scratch = Buffer.allocUnsafe(4096);

/** Decodes bytes `[start, end)` of `bytes`. Never throws. */
export function percentDecodeBytes(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const length = end - start;
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
  const out = scratch;
  let w = 0;
  for (let r = start; r < end; r++) {
    const byte = bytes[r]!;
    if (byte === PERCENT && r + 2 < end) {
      const high = HEX_VALUE[bytes[r + 1]!]!;
      const low = HEX_VALUE[bytes[r + 2]!]!;
      if (high >= 0 && low >= 0) {
        out[w++] = (high << 4) | low;
        r += 2;
        continue;
      }
    }
    out[w++] = byte;
  }
  return out.toString('utf8', 0, w);
}

const ASCII_CHARS = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

/**
 * Fast path for text that is all ASCII (one char per byte): decodes `text[start, end)` as long
 * as every escape is an ASCII byte, else returns undefined so the caller decodes the bytes.
 */
export function percentDecodeAscii(text: string, start: number, end: number): string | undefined {
  let out = '';
  let last = start;
  let i = text.indexOf('%', start);
  while (i !== -1 && i + 2 < end) {
    const high = HEX_VALUE[text.charCodeAt(i + 1)] ?? -1;
    const low = HEX_VALUE[text.charCodeAt(i + 2)] ?? -1;
    if (high >= 0 && low >= 0) {
      const byte = (high << 4) | low;
      if (byte >= 0x80) return undefined;
      out += text.slice(last, i) + ASCII_CHARS[byte]!;
      last = i + 3;
      i = text.indexOf('%', last);
    } else {
      i = text.indexOf('%', i + 1);
    }
  }
  return last === start ? text.slice(start, end) : out + text.slice(last, end);
}

/** Decodes a percent-encoded string; a string without `%` is returned as is. Never throws. */
export function percentDecode(value: string): string {
  if (value.indexOf('%') === -1) return value;
  const bytes = Buffer.from(value, 'utf8');
  return percentDecodeBytes(bytes, 0, bytes.length);
}

// FreeSWITCH's unsafe set, plus controls, DEL and every non-ASCII byte; `%` is always encoded
// so that any value survives a round trip.
const UNSAFE = new Uint8Array(256);
for (let b = 0; b < 256; b++) UNSAFE[b] = b < 0x20 || b > 0x7e ? 1 : 0;
for (const c of ' "#%&+:;<=>?@[\\]^`{|}') UNSAFE[c.charCodeAt(0)] = 1;
const HEX_DIGITS = '0123456789ABCDEF';

/** Percent-encodes a value the way FreeSWITCH writes plain event headers (UTF-8 bytes, `%XX`). */
export function percentEncode(value: string): string {
  let i = 0;
  while (i < value.length && UNSAFE[value.charCodeAt(i)] === 0) i++;
  if (i === value.length) return value;
  const bytes = Buffer.from(value, 'utf8');
  const out = Buffer.allocUnsafe(bytes.length * 3);
  let w = 0;
  for (const byte of bytes) {
    if (UNSAFE[byte] === 0) {
      out[w++] = byte;
    } else {
      out[w++] = PERCENT;
      out[w++] = HEX_DIGITS.charCodeAt(byte >> 4);
      out[w++] = HEX_DIGITS.charCodeAt(byte & 0x0f);
    }
  }
  return out.toString('latin1', 0, w);
}
