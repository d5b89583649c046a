import { percentEncode } from '@sapien/esl-protocol';
import { BASE_HEADERS, type EventTemplate } from './event-template.ts';
import type { EventFormat, EventView } from './subscription.ts';

const BASE_LOWER = new Map<string, string>(BASE_HEADERS.map((name) => [name.toLowerCase(), name]));

/**
 * One event as sent: its template plus the base headers of this send (sequence, date, Core-UUID),
 * encoded at most once per format however many connections receive it.
 */
export class OutgoingEvent implements EventView {
  readonly #template: EventTemplate;
  readonly #base: Readonly<Record<string, string>>;
  #plain: readonly Buffer[] | undefined;
  #json: readonly Buffer[] | undefined;

  constructor(
    template: EventTemplate,
    base: Readonly<Record<string, string>>,
    readonly sequence: number,
  ) {
    this.#template = template;
    this.#base = base;
  }

  get name(): string {
    return this.#base['Event-Name'] ?? '';
  }

  get subclass(): string | undefined {
    return this.#template.subclass;
  }

  header(name: string): string | undefined {
    const base = BASE_LOWER.get(name.toLowerCase());
    if (base !== undefined) return this.#base[base];
    return this.#template.header(name);
  }

  /**
   * The whole `text/event-plain` or `text/event-json` frame as parts to write in sequence: the
   * frame head, this send's base headers, the template's pre-encoded rest. Kept apart because a
   * 5 KB frame copied into a buffer of its own costs more than encoding its base headers; a
   * connection joins a whole batch of parts in one write instead.
   */
  frame(format: EventFormat): readonly Buffer[] {
    if (format === 'plain') {
      this.#plain ??= eventFrame('plain', plainBody(this.#base, this.#template));
      return this.#plain;
    }
    this.#json ??= eventFrame('json', jsonBody(this.#base, this.#template));
    return this.#json;
  }
}

// Base values repeat (host, dates within a second, calling file…): their encodings are memoised.
const encoded = new Map<string, string>();

function plainValue(value: string): string {
  let text = encoded.get(value);
  if (text === undefined) {
    if (encoded.size > 10_000) encoded.clear();
    text = percentEncode(value);
    encoded.set(value, text);
  }
  return text;
}

/**
 * The base header lines, as encodePlainEvent writes them (the same bytes: a unit test compares
 * whole frames with encodeEventFrame), then the template's rest. Written here rather than by
 * encodePlainEvent because they are per send, and a send must cost microseconds.
 */
function plainBody(base: Readonly<Record<string, string>>, template: EventTemplate): Buffer[] {
  let text = '';
  for (const name in base) text += `${name}: ${plainValue(base[name]!)}\n`;
  return [Buffer.from(text, 'latin1'), template.plainRest()];
}

function jsonBody(base: Readonly<Record<string, string>>, template: EventTemplate): Buffer[] {
  let text = '{';
  for (const name in base) text += `${text.length === 1 ? '' : ','}${JSON.stringify(name)}:${JSON.stringify(base[name])}`;
  const rest = template.jsonRest();
  // The rest starts with its comma and ends with the object's closing brace.
  return rest === undefined ? [Buffer.from(`${text}}`, 'utf8')] : [Buffer.from(text, 'utf8'), rest];
}

/** The frame head encodeEventFrame writes: Content-Length (bytes of the body), then Content-Type. */
function eventFrame(format: EventFormat, body: Buffer[]): Buffer[] {
  let length = 0;
  for (const part of body) length += part.length;
  return [Buffer.from(`Content-Length: ${length}\nContent-Type: text/event-${format}\n\n`, 'latin1'), ...body];
}
