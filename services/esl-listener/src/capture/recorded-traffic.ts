import type { RecordedTrafficEntry, WireFrame } from '../hub.ts';

/**
 * A frame numbered within its capture, its keys in the fixture order (`seq, at, node, direction,
 * contentType, headers, body, bodyEncoding`) whatever order the frame was built in, so exports
 * of the same traffic are byte-identical.
 */
export const recordedEntry = (seq: number, frame: WireFrame): RecordedTrafficEntry => ({
  seq,
  at: frame.at,
  node: frame.node,
  direction: frame.direction,
  ...(frame.contentType === undefined ? {} : { contentType: frame.contentType }),
  headers: frame.headers,
  ...(frame.body === undefined ? {} : { body: frame.body }),
  ...(frame.bodyEncoding === undefined ? {} : { bodyEncoding: frame.bodyEncoding }),
});

/** One NDJSON line (without its newline). */
export const ndjsonLine = (entry: RecordedTrafficEntry): string => JSON.stringify(entry);

/** The NDJSON export: one entry per line, each ending in `\n` — the fixture format the ESL stand-in replays. */
export const toNdjson = (entries: Iterable<RecordedTrafficEntry>): string => {
  let text = '';
  for (const entry of entries) text += ndjsonLine(entry) + '\n';
  return text;
};
