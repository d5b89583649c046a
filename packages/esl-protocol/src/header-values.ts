import { percentDecode } from './percent.ts';

/** Event headers by name: a string, or the items of a FreeSWITCH array header. */
export type EslHeaders = Record<string, string | string[]>;

const UNDEFINED_VALUE = '_undef_';
const ARRAY_PREFIX = 'ARRAY::';
const ARRAY_SEPARATOR = '|:';

/** Applies FreeSWITCH's value conventions to an already percent-decoded value. */
export function decodeHeaderValue(value: string): string | string[] {
  if (value === UNDEFINED_VALUE) return '';
  // FreeSWITCH encodes the whole `ARRAY::a|:b` text, so the split comes after decoding.
  if (value.startsWith(ARRAY_PREFIX)) return value.slice(ARRAY_PREFIX.length).split(ARRAY_SEPARATOR);
  return value;
}

/** The text FreeSWITCH serialises for a value, before percent-encoding. */
export function headerValueText(value: string | readonly string[]): string {
  return typeof value === 'string' ? value : ARRAY_PREFIX + value.join(ARRAY_SEPARATOR);
}

/** Sets a header, even one named `__proto__`, as an own property; a repeated name keeps the last value. */
export function setHeader<V>(headers: Record<string, V>, name: string, value: V): void {
  if (name === '__proto__') {
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    headers[name] = value;
  }
}

/** Percent-decodes wire headers (an outbound `connect` reply's channel data) into event headers. */
export function decodeHeaders(headers: ReadonlyArray<readonly [string, string]>): EslHeaders {
  const out: EslHeaders = {};
  for (const [name, value] of headers) setHeader(out, name, decodeHeaderValue(percentDecode(value)));
  return out;
}
