import { isUtf8 } from 'node:buffer';
import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';
import { parseJsonEvent } from './json-event.ts';

/**
 * The headers that identify an event, which a scanned event answers without decoding the rest:
 * what a consumer reads of every event (its name, sequence, origin, channel and time).
 */
export const IDENTITY_HEADERS = [
  'Event-Name',
  'Event-Subclass',
  'Event-Sequence',
  'Core-UUID',
  'Unique-ID',
  'Event-Date-Timestamp',
  'Event-Date-GMT',
] as const;
export type IdentityHeader = (typeof IDENTITY_HEADERS)[number];

/** An event's own JSON, as FreeSWITCH sent it: UTF-8, compact, checked. */
export type EventJson = Readonly<{
  /** The headers as a JSON object, `_body` left out. */
  headers: Buffer;
  /** The `_body` member's value, a JSON string literal. */
  body?: Buffer;
}>;

type Scanned = Readonly<{
  bytes: Buffer;
  /** Where `,"_body":` starts, or -1 without a body. */
  bodyMember: number;
  identity: Identity;
}>;

// The form FreeSWITCH writes (cJSON, unformatted): one object, no whitespace, every value a string
// or an array of strings, keys without escapes, `_body` last if present. Anything else — the older
// pretty-printed form, numbers, `_undef_` values, a misplaced `_body` — goes the general way.
// The patterns run on the bytes read as latin1, so multi-byte UTF-8 passes as characters ≥ 0x80.
const STRING = String.raw`"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"`;
const KEY = String.raw`(?!"_body")"[^"\\\x00-\x1f]*"`;
const ARRAY = `\\[(?:${STRING}(?:,${STRING})*)?\\]`;
const MEMBER = `${KEY}:(?:(?!"_undef_")${STRING}|${ARRAY})`;
const COMPACT_EVENT = new RegExp(`^\\{${MEMBER}(?:,${MEMBER})*(,"_body":${STRING})?\\}$`);
const ARRAY_AT = new RegExp(ARRAY, 'y');
// Every key of a checked event is a `"` right after `{` or `,` (in a string either would be
// followed by `\"`); the pattern finds the identity headers among them, in any case.
const IDENTITY_KEY = new RegExp(`"(${IDENTITY_HEADERS.join('|')})":`, 'gi');
const IDENTITY_LOWER = new Set<string>(IDENTITY_HEADERS.map((name) => name.toLowerCase()));
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const COMMA = 0x2c;
const NON_ASCII = /[\u0080-\uffff]/;

// The scan rides on the event under a symbol that is neither enumerable nor exported: invisible to
// JSON, spreads and deep equality. (A WeakMap costs the garbage collector at this rate.)
const SCANNED = Symbol('scanned event-json');

const scannedOf = (event: EslEvent): Scanned | undefined => (event as { [SCANNED]?: Scanned })[SCANNED];

/**
 * Checks an event-json body in FreeSWITCH's compact form without decoding it: the event it returns
 * answers its identity headers (`IDENTITY_HEADERS`, through `header`/`headerText`) at once and
 * decodes everything else on first use, and `eventJson` gives its JSON back for re-publishing.
 * Returns `undefined` for any other form, which `parseJsonEvent` reads; never throws.
 */
export function scanJsonEvent(bytes: Buffer): EslEvent | undefined {
  if (!isUtf8(bytes)) return undefined;
  const text = bytes.toString('latin1');
  const match = COMPACT_EVENT.exec(text);
  if (match === null) return undefined;
  const bodyMember = match[1] === undefined ? -1 : text.length - 1 - match[1].length;
  const scanned: Scanned = { bytes, bodyMember, identity: identityHeaders(text) };
  const event = lazyEvent(bytes, bodyMember >= 0);
  Object.defineProperty(event, SCANNED, { value: scanned });
  return event;
}

/**
 * An identity header of a scanned event, by `header`'s rules: the exact name, else the first such
 * name ignoring case; a repeated name gives its last value. `null` for any other event or name.
 */
export function scannedHeader(event: EslEvent, name: string): string | string[] | undefined | null {
  const scanned = scannedOf(event);
  if (scanned === undefined) return null;
  const lower = name.toLowerCase();
  if (!IDENTITY_LOWER.has(lower)) return null;
  return lookUp(scanned.identity, name, lower);
}

/** The JSON of an event `scanJsonEvent` returned, for passing it on without encoding it again. */
export function eventJson(event: EslEvent): EventJson | undefined {
  const scanned = scannedOf(event);
  if (scanned === undefined) return undefined;
  const { bytes, bodyMember } = scanned;
  if (bodyMember < 0) return { headers: bytes };
  return {
    headers: Buffer.concat([bytes.subarray(0, bodyMember), CLOSE_BRACE]),
    body: bytes.subarray(bodyMember + BODY_MEMBER_PREFIX.length, bytes.length - 1),
  };
}

const CLOSE_BRACE = Buffer.from('}');
const BODY_MEMBER_PREFIX = ',"_body":';

/** Decodes on first use; the bytes were checked, so decoding cannot fail. */
function lazyEvent(bytes: Buffer, hasBody: boolean): EslEvent {
  let decoded: EslEvent | undefined;
  const decode = (): EslEvent => {
    if (decoded !== undefined) return decoded;
    const result = parseJsonEvent(bytes);
    if (result instanceof EslProtocolError) throw new EslProtocolError('internal_error', 'a checked event-json body did not decode', {}, { cause: result });
    decoded = result;
    return result;
  };
  // Own enumerable getters: the event looks and serialises like a decoded one.
  return hasBody
    ? {
        get headers() {
          return decode().headers;
        },
        get body() {
          return decode().body;
        },
      }
    : {
        get headers() {
          return decode().headers;
        },
      };
}

/** The identity headers in the order written: key as written, and value. */
type Identity = ReadonlyArray<readonly [key: string, value: string | string[]]>;

function identityHeaders(text: string): Identity {
  const found: Array<readonly [string, string | string[]]> = [];
  IDENTITY_KEY.lastIndex = 0;
  for (let match = IDENTITY_KEY.exec(text); match !== null; match = IDENTITY_KEY.exec(text)) {
    const before = text.charCodeAt(match.index - 1);
    if (before === OPEN_BRACE || before === COMMA) found.push([match[1]!, valueAt(text, IDENTITY_KEY.lastIndex)]);
  }
  return found;
}

/**
 * `name` by `header`'s rules over a decoded object: the exact key's last value; else the first
 * key equal ignoring case (object keys keep the order they first came in), with its last value.
 */
function lookUp(identity: Identity, name: string, lower: string): string | string[] | undefined {
  let spelling: string | undefined;
  for (let i = identity.length - 1; i >= 0; i--) {
    const [key, value] = identity[i]!;
    if (key === name) return value;
  }
  for (const [key] of identity) {
    if (key.toLowerCase() === lower) {
      spelling = key;
      break;
    }
  }
  if (spelling === undefined) return undefined;
  for (let i = identity.length - 1; i >= 0; i--) if (identity[i]![0] === spelling) return identity[i]![1];
  return undefined;
}

/** The value starting at `at` of a checked event: a string, or an array of strings. */
function valueAt(text: string, at: number): string | string[] {
  if (text.charCodeAt(at) !== QUOTE) {
    ARRAY_AT.lastIndex = at;
    const array = ARRAY_AT.exec(text)![0];
    return JSON.parse(utf8(array)) as string[];
  }
  let end = text.indexOf('"', at + 1);
  while (escaped(text, end)) end = text.indexOf('"', end + 1);
  const literal = text.slice(at, end + 1);
  return literal.includes('\\') ? (JSON.parse(utf8(literal)) as string) : utf8(literal.slice(1, -1));
}

/** Whether the quote at `at` follows an odd run of backslashes. */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/** UTF-8 bytes held as latin1 characters, decoded. */
const utf8 = (latin1: string): string => (NON_ASCII.test(latin1) ? Buffer.from(latin1, 'latin1').toString('utf8') : latin1);
