import { randomUUID } from 'node:crypto';
import type { EslEvent } from '@sapien/esl-protocol';
import { EslStandInError } from './errors.ts';
import { BASE_HEADERS, EventTemplate, type STAMPED_HEADERS } from './event-template.ts';
import { OutgoingEvent } from './outgoing-event.ts';

export type CoreIdentityOptions = Readonly<{ hostname: string; ipv4: string; coreUuid?: string }>;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * What one run of a FreeSWITCH stamps on its events: Core-UUID, host, the `Event-Sequence`
 * counter and the clock. A restart is a new identity: new Core-UUID, sequence from 1.
 */
export class CoreIdentity {
  readonly hostname: string;
  readonly ipv4: string;
  #coreUuid: string;
  #sequence = 0;
  #startedAt = Date.now();
  #lastMicros = 0;
  #dateSecond = -1;
  #dates: readonly [local: string, gmt: string] = ['', ''];

  constructor(options: CoreIdentityOptions) {
    this.hostname = options.hostname;
    this.ipv4 = options.ipv4;
    this.#coreUuid = options.coreUuid ?? randomUUID();
  }

  get coreUuid(): string {
    return this.#coreUuid;
  }

  get uptimeMs(): number {
    return Date.now() - this.#startedAt;
  }

  restart(): void {
    this.#coreUuid = randomUUID();
    this.#sequence = 0;
    this.#startedAt = Date.now();
  }

  /**
   * Microseconds since the epoch, as FreeSWITCH stamps them (`switch_micro_time_now`), strictly
   * rising so events never share a timestamp. The wall clock with its sub-millisecond part: a
   * stamp in whole milliseconds would put every event up to a millisecond in the past.
   */
  nowMicros(): number {
    this.#lastMicros = Math.max(Math.floor((performance.timeOrigin + performance.now()) * 1000), this.#lastMicros + 1);
    return this.#lastMicros;
  }

  /**
   * The event as this FreeSWITCH sends it: base headers first in FreeSWITCH's order, each one the
   * event carries kept, the missing ones filled (a kept `Event-Sequence` moves the counter on).
   */
  stamp(event: EslEvent): OutgoingEvent {
    const template = EventTemplate.of(event);
    if (template.name === undefined || template.name === '') {
      throw new EslStandInError('bad_event', 'an event needs an Event-Name header');
    }
    const given = template.given;
    const micros = given.has('Event-Date-Timestamp') ? Number(given.get('Event-Date-Timestamp')) : this.nowMicros();
    const givenSequence = given.get('Event-Sequence');
    const sequence = givenSequence === undefined ? ++this.#sequence : Number(givenSequence);
    if (givenSequence !== undefined && Number.isSafeInteger(sequence)) this.#sequence = Math.max(this.#sequence, sequence);
    const filled: Partial<Record<string, string>> = this.#stamped(micros, sequence);
    const base: Record<string, string> = {};
    for (const name of BASE_HEADERS) {
      const value = given.get(name) ?? filled[name];
      if (value !== undefined) base[name] = value;
    }
    return new OutgoingEvent(template, base, sequence);
  }

  /**
   * The base headers of an event the stand-in builds itself (a `connect` reply's channel data),
   * taking the next sequence.
   */
  baseHeaders(name: string, [file, fn, line]: readonly [string, string, number]): Record<string, string> {
    // FreeSWITCH's order: the sequence last of the base headers.
    const { 'Event-Sequence': sequence, ...identity } = this.#stamped(this.nowMicros(), ++this.#sequence);
    return {
      'Event-Name': name,
      ...identity,
      'Event-Calling-File': file,
      'Event-Calling-Function': fn,
      'Event-Calling-Line-Number': String(line),
      'Event-Sequence': sequence,
    };
  }

  /** The headers that name this FreeSWITCH and the moment (STAMPED_HEADERS). */
  #stamped(micros: number, sequence: number): Record<(typeof STAMPED_HEADERS)[number], string> {
    const [local, gmt] = this.#dateTexts(micros);
    return {
      'Core-UUID': this.#coreUuid,
      'FreeSWITCH-Hostname': this.hostname,
      'FreeSWITCH-Switchname': this.hostname,
      'FreeSWITCH-IPv4': this.ipv4,
      'FreeSWITCH-IPv6': '::1',
      'Event-Date-Local': local,
      'Event-Date-GMT': gmt,
      'Event-Date-Timestamp': String(micros),
      'Event-Sequence': String(sequence),
    };
  }

  /** `Event-Date-Local` (the server's time, UTC here) and `Event-Date-GMT`, cached per second. */
  #dateTexts(micros: number): readonly [string, string] {
    const second = Math.floor(micros / 1e6);
    if (second !== this.#dateSecond || !Number.isFinite(second)) {
      const d = new Date(Number.isFinite(second) ? second * 1000 : Date.now());
      this.#dateSecond = second;
      this.#dates = [
        `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
        d.toUTCString(),
      ];
    }
    return this.#dates;
  }
}
