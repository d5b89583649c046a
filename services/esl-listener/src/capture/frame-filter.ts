import type { WireFrame } from '../hub.ts';
import type { Direction } from './capture-types.ts';
import { selectorMatches, type EventSelector } from './event-selector.ts';
import type { FrameEventName } from './frame-event-name.ts';

export type FrameFilter = Readonly<{
  node?: string;
  directions: ReadonlySet<Direction>;
  eventNames?: readonly EventSelector[];
}>;

const EVENT_CONTENT_TYPES: ReadonlySet<string> = new Set(['text/event-plain', 'text/event-json', 'text/event-xml']);

export const isEventFrame = (frame: WireFrame): boolean =>
  frame.direction === 'in' && frame.contentType !== undefined && EVENT_CONTENT_TYPES.has(frame.contentType);

/**
 * Whether a capture keeps a frame. `eventName` is asked only when the name decides, and only
 * once per frame however many captures run (the caller memoises it).
 */
export function frameMatches(filter: FrameFilter, frame: WireFrame, eventName: () => FrameEventName | undefined): boolean {
  if (filter.node !== undefined && filter.node !== frame.node) return false;
  if (!filter.directions.has(frame.direction)) return false;
  if (filter.eventNames === undefined || !isEventFrame(frame)) return true;
  const named = eventName();
  if (named === undefined) return false;
  return filter.eventNames.some((selector) => selectorMatches(selector, named.name, named.subclass));
}
