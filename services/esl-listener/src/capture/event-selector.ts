/**
 * An event name as clients write it in `subscribe` and capture filters: `ALL`, an Event-Name
 * (`CHANNEL_ANSWER`), every CUSTOM event (`CUSTOM`) or one subclass (`CUSTOM::sofia::register`).
 */
export type EventSelector = Readonly<{ name: string; subclass?: string }>;

export const ALL_EVENTS = 'ALL';

const CUSTOM = 'CUSTOM';
const SUBCLASS_SEPARATOR = '::';
const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
// FreeSWITCH subclasses look like `sofia::register`, `conference::maintenance`, `callcenter::info`.
const SUBCLASS = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The selector a text names, or undefined when it is not one (lower case, a subclass on a non-CUSTOM name …). */
export function parseEventSelector(text: string): EventSelector | undefined {
  const separator = text.indexOf(SUBCLASS_SEPARATOR);
  if (separator === -1) return NAME.test(text) ? { name: text } : undefined;
  const name = text.slice(0, separator);
  const subclass = text.slice(separator + SUBCLASS_SEPARATOR.length);
  if (name !== CUSTOM || !SUBCLASS.test(subclass)) return undefined;
  return { name, subclass };
}

export const formatEventSelector = (selector: EventSelector): string =>
  selector.subclass === undefined ? selector.name : `${selector.name}${SUBCLASS_SEPARATOR}${selector.subclass}`;

/** Whether an event named `name` (with `subclass` when CUSTOM) is selected. */
export function selectorMatches(selector: EventSelector, name: string, subclass: string | undefined): boolean {
  if (selector.name === ALL_EVENTS) return true;
  if (selector.name !== name) return false;
  return selector.subclass === undefined || selector.subclass === subclass;
}

/** Whether a selector among `selectors` needs the subclass (so it is worth extracting). */
export const needsSubclass = (selectors: readonly EventSelector[]): boolean =>
  selectors.some((selector) => selector.subclass !== undefined);
