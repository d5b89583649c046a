import { percentDecode } from '@sapien/esl-protocol';
import type { WireFrame } from '../hub.ts';

export type FrameEventName = Readonly<{ name: string; subclass?: string }>;

/**
 * Event-Name (and Event-Subclass when asked) of an `in` event frame, read straight from the
 * body text without decoding the event: a capture filters every frame on the wire, so this has
 * to cost a string search, not a parse. Undefined for frames that are not events.
 */
export function frameEventName(frame: WireFrame, withSubclass: boolean): FrameEventName | undefined {
  if (frame.direction !== 'in' || frame.body === undefined || frame.bodyEncoding !== undefined) return undefined;
  switch (frame.contentType) {
    case 'text/event-plain':
      return plainName(frame.body, withSubclass);
    case 'text/event-json':
      return patternName(frame.body, JSON_NAME, withSubclass ? JSON_SUBCLASS : undefined, jsonText);
    case 'text/event-xml':
      return patternName(frame.body, XML_NAME, withSubclass ? XML_SUBCLASS : undefined, (text) => text);
    default:
      return undefined;
  }
}

// Headers come before any event body, so the first match is the header (a body quoting one comes later).
const JSON_NAME = /"Event-Name"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const JSON_SUBCLASS = /"Event-Subclass"\s*:\s*"((?:[^"\\]|\\.)*)"/;
const XML_NAME = /<Event-Name>([^<]*)<\/Event-Name>/;
const XML_SUBCLASS = /<Event-Subclass>([^<]*)<\/Event-Subclass>/;

function plainName(body: string, withSubclass: boolean): FrameEventName | undefined {
  const name = plainHeader(body, 'Event-Name');
  if (name === undefined) return undefined;
  if (!withSubclass) return { name };
  const subclass = plainHeader(body, 'Event-Subclass');
  return subclass === undefined ? { name } : { name, subclass };
}

function plainHeader(body: string, header: string): string | undefined {
  const prefix = `${header}: `;
  let start: number;
  if (body.startsWith(prefix)) {
    start = prefix.length;
  } else {
    const at = body.indexOf(`\n${prefix}`);
    if (at === -1) return undefined;
    start = at + 1 + prefix.length;
  }
  const end = body.indexOf('\n', start);
  const value = body.slice(start, end === -1 ? body.length : end).replace(/\r$/, '');
  return percentDecode(value);
}

function patternName(
  body: string,
  namePattern: RegExp,
  subclassPattern: RegExp | undefined,
  decode: (text: string) => string | undefined,
): FrameEventName | undefined {
  const nameMatch = namePattern.exec(body)?.[1];
  const name = nameMatch === undefined ? undefined : decode(nameMatch);
  if (name === undefined) return undefined;
  const subclassMatch = subclassPattern?.exec(body)?.[1];
  const subclass = subclassMatch === undefined ? undefined : decode(subclassMatch);
  return subclass === undefined ? { name } : { name, subclass };
}

function jsonText(escaped: string): string | undefined {
  if (!escaped.includes('\\')) return escaped;
  try {
    const text: unknown = JSON.parse(`"${escaped}"`);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
