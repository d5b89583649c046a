import { EslProtocolError } from './errors.ts';
import type { EslEvent } from './event.ts';

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
const IDENTITY_LOWER = new Set<string>(IDENTITY_HEADERS.map((name) => name.toLowerCase()));
/** Each identity header as written, lower-cased: the names callers ask for, without a new string per call. */
const LOWER_OF = new Map<string, string>(IDENTITY_HEADERS.map((name) => [name, name.toLowerCase()]));

/** The identity headers by length, as written and lower-cased: a name of another length is none of them. */
export const IDENTITY_BY_LENGTH: Array<Array<readonly [name: IdentityHeader, lower: string]> | undefined> = [];
for (const name of IDENTITY_HEADERS) (IDENTITY_BY_LENGTH[name.length] ??= []).push([name, name.toLowerCase()]);
export const LONGEST_IDENTITY = IDENTITY_BY_LENGTH.length - 1;

/** The identity headers of an event in the order written: the name as written, and the value. */
export type Identity = Array<readonly [key: string, value: string | string[]]>;

// What a scan noted rides on the event under a symbol that is neither enumerable nor exported:
// invisible to JSON, spreads and deep equality. (A WeakMap costs the garbage collector at this rate.)
const SCANNED = Symbol('scanned event');

/** A compact event-json body as the scan found it: its bytes, and where `,"_body":` starts (-1 without). */
export type JsonSource = Readonly<{ bytes: Buffer; bodyMember: number }>;

/** What a scan noted, and the decoded event once something asked for more. */
type Scanned = {
  readonly identity: Identity;
  readonly json: JsonSource | undefined;
  readonly decode: () => EslEvent | EslProtocolError;
  decoded: EslEvent | undefined;
};

// One getter each for every scanned event, reading the event's own state: no closure per event.
// (Closures per event made each event's getters differ, and kept the events alive through
// scavenges: the young generation's survivors grew to megabytes.)
function decodedOf(event: EslEvent): EslEvent {
  const scanned = scannedOf(event)!;
  return (scanned.decoded ??= checked(scanned.decode()));
}
function scannedHeaders(this: EslEvent): EslEvent['headers'] {
  return decodedOf(this).headers;
}
function scannedBody(this: EslEvent): EslEvent['body'] {
  return decodedOf(this).body;
}
// Own enumerable getters: the event looks and serialises like a decoded one.
const HEADERS: PropertyDescriptor = { get: scannedHeaders, enumerable: true };
const BODY: PropertyDescriptor = { get: scannedBody, enumerable: true };

/**
 * An event whose body a scan has checked whole: it answers its identity headers (through
 * `header`/`headerText`) at once and decodes everything else on first use, with `decode`, which
 * cannot fail on checked bytes. `json` is the body of a compact json event, for passing it on.
 */
export function scannedEvent(identity: Identity, hasBody: boolean, decode: () => EslEvent | EslProtocolError, json?: JsonSource): EslEvent {
  const event = {} as EslEvent;
  Object.defineProperty(event, SCANNED, { value: { identity, json, decode, decoded: undefined } satisfies Scanned });
  Object.defineProperty(event, 'headers', HEADERS);
  if (hasBody) Object.defineProperty(event, 'body', BODY);
  return event;
}

const scannedOf = (event: EslEvent): Scanned | undefined => (event as { [SCANNED]?: Scanned })[SCANNED];

/** The body of a compact json event `scannedEvent` made, else undefined. */
export const jsonSourceOf = (event: EslEvent): JsonSource | undefined => scannedOf(event)?.json;

function checked(result: EslEvent | EslProtocolError): EslEvent {
  if (result instanceof EslProtocolError) throw new EslProtocolError('internal_error', 'a checked event body did not decode', {}, { cause: result });
  return result;
}

/**
 * An identity header of a scanned event, by `header`'s rules: the exact name, else the first such
 * name ignoring case; a repeated name gives its last value. `null` for any other event or name.
 */
export function scannedHeader(event: EslEvent, name: string): string | string[] | undefined | null {
  const scanned = scannedOf(event);
  if (scanned === undefined) return null;
  const lower = LOWER_OF.get(name) ?? name.toLowerCase();
  if (!IDENTITY_LOWER.has(lower)) return null;
  return lookUp(scanned.identity, name, lower);
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
