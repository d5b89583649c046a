import { isUtf8 } from 'node:buffer';
import type { EslEvent } from './event.ts';
import { parseJsonEvent } from './json-event.ts';
import { IDENTITY_BY_LENGTH, LONGEST_IDENTITY, jsonSourceOf, scannedEvent, type Identity, type IdentityHeader } from './scanned-event.ts';

/** An event's own JSON, as FreeSWITCH sent it: UTF-8, compact, checked. */
export type EventJson = Readonly<{
  /** The headers as a JSON object, `_body` left out. */
  headers: Buffer;
  /** The `_body` member's value, a JSON string literal. */
  body?: Buffer;
}>;

/**
 * Checks an event-json body in FreeSWITCH's compact form without decoding it: the event it returns
 * answers its identity headers (`IDENTITY_HEADERS`, through `header`/`headerText`) at once and
 * decodes everything else on first use, and `eventJson` gives its JSON back for re-publishing.
 * Returns `undefined` for any other form, which `parseJsonEvent` reads; never throws.
 */
export function scanJsonEvent(bytes: Buffer): EslEvent | undefined {
  if (!isUtf8(bytes)) return undefined;
  const scanned = scanCompact(bytes);
  if (scanned === undefined) return undefined;
  return scannedEvent(scanned.identity, scanned.bodyMember >= 0, () => parseJsonEvent(bytes), { bytes, bodyMember: scanned.bodyMember });
}

/** The JSON of an event `scanJsonEvent` returned, for passing it on without encoding it again. */
export function eventJson(event: EslEvent): EventJson | undefined {
  const source = jsonSourceOf(event);
  if (source === undefined) return undefined;
  const { bytes, bodyMember } = source;
  if (bodyMember < 0) return { headers: bytes };
  return {
    headers: Buffer.concat([bytes.subarray(0, bodyMember), CLOSE_BRACE]),
    body: bytes.subarray(bodyMember + BODY_MEMBER_PREFIX.length, bytes.length - 1),
  };
}

const CLOSE_BRACE = Buffer.from('}');
const BODY_MEMBER_PREFIX = ',"_body":';

// The form FreeSWITCH writes (cJSON, unformatted): one object, no whitespace, every value a string
// or an array of strings, keys without escapes or control characters, `_body` last if present and
// not first, no member value `"_undef_"`. Anything else — the older pretty-printed form, numbers,
// `_undef_` values, a misplaced `_body` — goes the general way. One pass over the bytes checks the
// form and notes where the identity headers are; UTF-8 is checked before, so bytes ≥ 0x80 pass.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE_BYTE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LOWER_U = 0x75;

/** 1 for a byte that stands for itself in a JSON string: not a quote, a backslash or a control character. */
const PLAIN = new Uint8Array(256).fill(1).fill(0, 0, 0x20);
PLAIN[QUOTE] = 0;
PLAIN[BACKSLASH] = 0;
/** 1 for the byte after a backslash of a one-character escape. */
const SHORT_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SHORT_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const BODY_KEY = Buffer.from('_body');
const UNDEF_VALUE = Buffer.from('"_undef_"');
/** The identity headers by length (lower-cased and as written, as bytes): a key of another length is none of them. */
type IdentityBytes = readonly [name: IdentityHeader, lower: Buffer, exact: Buffer];
const IDENTITY_BYTES_BY_LENGTH = IDENTITY_BY_LENGTH.map((names) => names?.map(([name, lower]): IdentityBytes => [name, Buffer.from(lower), Buffer.from(name)]));

// Whether the last string `stringEnd` passed held an escape (one flag, not an object per string).
let lastStringEscaped = false;

/** The index after the JSON string whose opening quote is at `at`, or -1 when it is not one. */
function stringEnd(b: Buffer, at: number, n: number): number {
  lastStringEscaped = false;
  let i = at + 1;
  for (;;) {
    while (i < n && PLAIN[b[i]!] === 1) i++;
    if (i >= n) return -1;
    const c = b[i];
    if (c === QUOTE) return i + 1;
    if (c !== BACKSLASH) return -1; // a control character
    lastStringEscaped = true;
    const escape = b[i + 1] ?? 0;
    if (SHORT_ESCAPE[escape] === 1) i += 2;
    else if (escape === LOWER_U && i + 5 < n && HEX[b[i + 2]!] === 1 && HEX[b[i + 3]!] === 1 && HEX[b[i + 4]!] === 1 && HEX[b[i + 5]!] === 1) i += 6;
    else return -1;
  }
}

/** The index after the array of strings whose `[` is at `at`, or -1. */
function arrayEnd(b: Buffer, at: number, n: number): number {
  let i = at + 1;
  if (b[i] === CLOSE_BRACKET) return i + 1;
  for (;;) {
    if (b[i] !== QUOTE) return -1;
    i = stringEnd(b, i, n);
    if (i < 0) return -1;
    const c = b[i++];
    if (c === CLOSE_BRACKET) return i;
    if (c !== COMMA) return -1;
  }
}

/** Whether `b[from, to)` holds `expected` (a few bytes: a loop beats a call into the runtime). */
function equalBytes(b: Buffer, from: number, to: number, expected: Buffer): boolean {
  if (to - from !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (b[from + k] !== expected[k]) return false;
  return true;
}

/** The key as written when it is an identity header ignoring ASCII case, else undefined. */
function identityKey(b: Buffer, from: number, to: number): string | undefined {
  const candidates = IDENTITY_BYTES_BY_LENGTH[to - from];
  if (candidates === undefined) return undefined;
  next: for (const [name, lower, exact] of candidates) {
    // `| 0x20` folds ASCII letters; control characters (0x0d | 0x20 is '-') never reach here.
    for (let k = 0; k < lower.length; k++) if ((b[from + k]! | 0x20) !== lower[k]) continue next;
    return equalBytes(b, from, to, exact) ? name : b.toString('latin1', from, to);
  }
  return undefined;
}

/** A value of a checked event, from its bytes: a string, or an array of strings. */
function identityValue(b: Buffer, from: number, to: number, escaped: boolean): string | string[] {
  if (b[from] === QUOTE && !escaped) return b.toString('utf8', from + 1, to - 1);
  return JSON.parse(b.toString('utf8', from, to)) as string | string[];
}

/** Checks the compact form in one pass; `undefined` for any other. */
function scanCompact(b: Buffer): Readonly<{ bodyMember: number; identity: Identity }> | undefined {
  const n = b.length;
  if (n < 2 || b[0] !== OPEN_BRACE || b[n - 1] !== CLOSE_BRACE_BYTE) return undefined;
  const identity: Identity = [];
  let i = 1;
  for (let first = true; ; first = false) {
    if (b[i] !== QUOTE) return undefined;
    const keyStart = i + 1;
    i = keyStart;
    while (i < n && PLAIN[b[i]!] === 1) i++;
    if (b[i] !== QUOTE) return undefined; // the end, or a key with an escape or a control character
    const keyEnd = i;
    if (b[i + 1] !== COLON) return undefined;
    const valueStart = i + 2;
    if (equalBytes(b, keyStart, keyEnd, BODY_KEY)) {
      // `_body` only last, never first, and only a string.
      if (first || b[valueStart] !== QUOTE || stringEnd(b, valueStart, n) !== n - 1) return undefined;
      return { bodyMember: keyStart - 2, identity };
    }
    const opening = b[valueStart];
    if (opening === QUOTE) {
      i = stringEnd(b, valueStart, n);
      if (i < 0 || equalBytes(b, valueStart, i, UNDEF_VALUE)) return undefined;
    } else if (opening === OPEN_BRACKET) {
      i = arrayEnd(b, valueStart, n);
      if (i < 0) return undefined;
    } else return undefined;
    if (keyEnd - keyStart <= LONGEST_IDENTITY) {
      const key = identityKey(b, keyStart, keyEnd);
      if (key !== undefined) identity.push([key, identityValue(b, valueStart, i, lastStringEscaped)]);
    }
    const after = b[i];
    if (after === CLOSE_BRACE_BYTE && i === n - 1) return { bodyMember: -1, identity };
    if (after !== COMMA) return undefined;
    i += 1;
  }
}
