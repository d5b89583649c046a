import {
  encodeJsonEvent,
  encodePlainEvent,
  eventName,
  eventSubclass,
  headerText,
  type EslEvent,
  type EslHeaders,
} from '@sapien/esl-protocol';

/** The headers FreeSWITCH puts first on every event, in its order; the stand-in fills the missing ones. */
export const BASE_HEADERS = [
  'Event-Name',
  'Core-UUID',
  'FreeSWITCH-Hostname',
  'FreeSWITCH-Switchname',
  'FreeSWITCH-IPv4',
  'FreeSWITCH-IPv6',
  'Event-Date-Local',
  'Event-Date-GMT',
  'Event-Date-Timestamp',
  'Event-Calling-File',
  'Event-Calling-Function',
  'Event-Calling-Line-Number',
  'Event-Sequence',
] as const;

export type BaseHeader = (typeof BASE_HEADERS)[number];

/** The base headers that name the FreeSWITCH and the moment: every send stamps them afresh. */
export const STAMPED_HEADERS = [
  'Core-UUID',
  'FreeSWITCH-Hostname',
  'FreeSWITCH-Switchname',
  'FreeSWITCH-IPv4',
  'FreeSWITCH-IPv6',
  'Event-Date-Local',
  'Event-Date-GMT',
  'Event-Date-Timestamp',
  'Event-Sequence',
] as const satisfies readonly BaseHeader[];

/** BASE_HEADERS as a set, for lookups. */
export const BASE_SET: ReadonlySet<string> = new Set(BASE_HEADERS);

const templates = new WeakMap<EslEvent, EventTemplate>();

/**
 * An event split into the base headers it carries and the rest, the rest encoded once per
 * format: encoding 100+ percent-encoded headers costs tens of microseconds, so an event sent many
 * times (a benchmark's pool) is encoded once and only its base headers are written per send.
 */
export class EventTemplate {
  readonly name: string | undefined;
  readonly subclass: string | undefined;
  readonly given: ReadonlyMap<BaseHeader, string>;
  readonly #event: EslEvent;
  readonly #rest: EslEvent;
  #plainRest: Buffer | undefined;
  #jsonRest: Buffer | null | undefined;

  /** The template of an event object, cached while the object lives. */
  static of(event: EslEvent): EventTemplate {
    let template = templates.get(event);
    if (template === undefined) {
      template = new EventTemplate(event);
      templates.set(event, template);
    }
    return template;
  }

  private constructor(event: EslEvent) {
    this.#event = event;
    this.name = eventName(event);
    this.subclass = eventSubclass(event);
    const given = new Map<BaseHeader, string>();
    const rest: EslHeaders = {};
    for (const [name, value] of Object.entries(event.headers)) {
      if (BASE_SET.has(name)) given.set(name as BaseHeader, typeof value === 'string' ? value : value.join(','));
      else Object.defineProperty(rest, name, { value, enumerable: true, writable: true, configurable: true });
    }
    this.given = given;
    this.#rest = event.body === undefined ? { headers: rest } : { headers: rest, body: event.body };
  }

  /** A header of the event as given, by exact name then ignoring case. */
  header(name: string): string | undefined {
    return headerText(this.#event, name);
  }

  /** The plain body after the base headers: the other headers, then `Content-Length` and the body. */
  plainRest(): Buffer {
    this.#plainRest ??= encodePlainEvent(this.#rest);
    return this.#plainRest;
  }

  /** `,"name":"value",…}`: the JSON members after the base headers and the closing brace; undefined when there are none. */
  jsonRest(): Buffer | undefined {
    if (this.#jsonRest === undefined) {
      const members = encodeJsonEvent(this.#rest).toString('utf8').slice(1, -1);
      this.#jsonRest = members === '' ? null : Buffer.from(`,${members}}`, 'utf8');
    }
    return this.#jsonRest ?? undefined;
  }
}
