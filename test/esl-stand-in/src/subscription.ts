import { EVENT_TYPES, MY_EVENTS, eventType } from './event-names.ts';

export type EventFormat = 'plain' | 'json';

/** What a connection's subscription needs to know of an event. */
export interface EventView {
  readonly name: string;
  readonly subclass: string | undefined;
  /** A header's text by name, ignoring case as FreeSWITCH does. */
  header(name: string): string | undefined;
}

type Filter = { readonly name: string; readonly value: string };

/**
 * One connection's event subscription, as mod_event_socket keeps it: the event types (`ALL`
 * among them), `CUSTOM` subclasses, `myevents` (one channel), and header filters.
 */
export class Subscription {
  format: EventFormat = 'plain';
  #enabled = false;
  readonly #types = new Set<string>();
  readonly #subclasses = new Set<string>();
  #myUuid: string | undefined;
  #filters: Filter[] = [];

  get myevents(): boolean {
    return this.#myUuid !== undefined;
  }

  /** `event <names…>`: returns how many known type words there were (0 is an error for the caller). */
  subscribe(words: readonly string[]): number {
    let known = 0;
    let custom = false;
    for (const word of words) {
      if (custom) {
        this.#subclasses.add(word);
        continue;
      }
      const type = eventType(word);
      if (type === undefined) continue;
      known++;
      if (type === 'ALL') for (const each of EVENT_TYPES) this.#types.add(each);
      else this.#types.add(type);
      if (type === 'CUSTOM') custom = true;
    }
    if (known > 0) this.#enabled = true;
    return known;
  }

  /** `nixevent <names…>`: `ALL` had set every type, so removing one from it keeps the others. */
  unsubscribe(words: readonly string[]): number {
    let known = 0;
    let custom = false;
    for (const word of words) {
      if (custom) {
        this.#subclasses.delete(word);
        continue;
      }
      const type = eventType(word);
      if (type === undefined) continue;
      known++;
      if (type === 'CUSTOM') {
        custom = true;
      } else if (type === 'ALL') {
        this.#types.clear();
      } else {
        this.#types.delete('ALL');
        this.#types.delete(type);
      }
    }
    if (known > 0) this.#enabled = true;
    return known;
  }

  /** `noevents`: false when events were not on. */
  clear(): boolean {
    const was = this.#enabled;
    this.#enabled = false;
    this.#types.clear();
    this.#subclasses.clear();
    return was;
  }

  /** `myevents`: the channel's events only. */
  bindTo(uuid: string): void {
    this.#myUuid = uuid;
    for (const type of MY_EVENTS) this.#types.add(type);
    this.#enabled = true;
  }

  addFilter(name: string, value: string): void {
    this.#filters.push({ name, value });
  }

  /** `filter delete <name> [<value>]`; `all` removes every filter. */
  deleteFilter(name: string, value: string | undefined): void {
    if (name.toLowerCase() === 'all') {
      this.#filters = [];
      return;
    }
    const lower = name.toLowerCase();
    this.#filters = this.#filters.filter(
      (filter) => filter.name.toLowerCase() !== lower || (value !== undefined && filter.value !== value),
    );
  }

  wants(event: EventView): boolean {
    if (!this.#enabled) return false;
    if (!this.#typeWanted(event)) return false;
    if (this.#myUuid !== undefined) {
      const uuid = event.header('Unique-ID');
      // A session still gets the BACKGROUND_JOB of its own bgapi, which names it as the owner.
      if (uuid !== this.#myUuid && event.header('Job-Owner-UUID') !== this.#myUuid) return false;
    }
    return this.#filters.length === 0 || passesFilters(this.#filters, event);
  }

  #typeWanted(event: EventView): boolean {
    if (this.#types.has('ALL')) return true;
    if (!this.#types.has(event.name)) return false;
    return event.name !== 'CUSTOM' || event.subclass === undefined || this.#subclasses.has(event.subclass);
  }
}

const regexCache = new Map<string, RegExp | null>();

function regex(pattern: string): RegExp | null {
  let compiled = regexCache.get(pattern);
  if (compiled === undefined) {
    const body = pattern.replace(/^\//, '').replace(/\/$/, '');
    try {
      compiled = new RegExp(body);
    } catch {
      compiled = null;
    }
    regexCache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * FreeSWITCH's filter rule: a `+`/`-` prefix makes a filter positive (the default) or negative;
 * an event passes when a positive filter matches its header and no negative one does. Values
 * compare ignoring case, or as a regular expression when the filter value starts with `/`.
 */
function passesFilters(filters: readonly Filter[], event: EventView): boolean {
  let send = false;
  for (const filter of filters) {
    const actual = event.header(filter.name);
    if (actual === undefined) continue;
    let positive = true;
    let i = 0;
    for (; i < filter.value.length; i++) {
      const c = filter.value[i];
      if (c === '+') positive = true;
      else if (c === '-') positive = false;
      else if (c !== ' ') break;
    }
    if (send && positive) continue;
    const expected = filter.value.slice(i);
    const matched = filter.value.startsWith('/')
      ? (regex(expected)?.test(actual) ?? false)
      : actual.toLowerCase() === expected.toLowerCase();
    if (!matched) continue;
    if (!positive) return false;
    send = true;
  }
  return send;
}
