import type { CommandCall, Outcome } from './command-call.ts';

const FORMATS = new Set(['plain', 'json', 'xml']);

/** `event [plain|json] <types…> [CUSTOM <subclasses…>]`. */
export function event(call: CommandCall): Outcome {
  const words = call.words;
  const subscription = call.connection.subscription;
  const first = words[0]?.toLowerCase();
  if (first !== undefined && FORMATS.has(first)) {
    // The stand-in writes plain and json only; saying so beats sending a format nobody asked for.
    if (first === 'xml') return '-ERR xml events are not supported by the stand-in';
    subscription.format = first === 'json' ? 'json' : 'plain';
    words.shift();
  }
  if (subscription.subscribe(words) === 0) return '-ERR no keywords supplied';
  return `+OK event listener enabled ${subscription.format}`;
}

/** `nixevent <types…>`. */
export function nixevent(call: CommandCall): Outcome {
  if (call.connection.subscription.unsubscribe(call.words) === 0) return '-ERR no keywords supplied';
  return '+OK events nixed';
}

/** `noevents`: no events at all (filters stay). */
export function noevents(call: CommandCall): Outcome {
  return call.connection.subscription.clear() ? '+OK no longer listening for events' : '-ERR not listening for events';
}

/**
 * `filter <header> <value>` (value: the rest of the line), `filter add …`, `filter delete
 * <header> [<value>]`, `filter delete all`.
 */
export function filter(call: CommandCall): Outcome {
  const rest = call.line.slice(7).replace(/^ +/, '');
  const split = (text: string): [string, string | undefined] => {
    const space = text.indexOf(' ');
    return space === -1 ? [text, undefined] : [text.slice(0, space), text.slice(space + 1)];
  };
  let [name, value] = split(rest);
  const subscription = call.connection.subscription;
  if (name.toLowerCase() === 'delete' && value !== undefined) {
    [name, value] = split(value);
    subscription.deleteFilter(name, value);
    return `+OK filter deleted. [${name}][${value ?? ''}]`;
  }
  if (value === undefined) return '-ERR invalid syntax';
  if (name.toLowerCase() === 'add') {
    [name, value] = split(value);
    if (value === undefined) return '-ERR invalid syntax';
  }
  subscription.addFilter(name, value);
  return `+OK filter added. [${name}]=[${value}]`;
}

/**
 * `myevents [plain|json]` on an outbound socket (its own channel); `myevents [plain|json] <uuid>`
 * on an inbound one, the two words in either order (FreeSWITCH's documentation and code disagree)
 * — any channel: the stand-in does not check that it exists.
 */
export function myevents(call: CommandCall): Outcome {
  const connection = call.connection;
  if (connection.subscription.myevents) return '-ERR aready enabled.'; // sic, as FreeSWITCH spells it
  const words = call.words;
  const format = words.map((word) => word.toLowerCase()).find((word) => FORMATS.has(word));
  const uuid = connection.session?.uuid ?? words.find((word) => !FORMATS.has(word.toLowerCase()));
  if (uuid === undefined) return '-ERR invalid uuid';
  if (format === 'xml') return '-ERR xml events are not supported by the stand-in';
  if (format !== undefined) connection.subscription.format = format === 'json' ? 'json' : 'plain';
  connection.subscription.bindTo(uuid);
  return '+OK Events Enabled';
}
