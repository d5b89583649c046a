/**
 * One frame exactly as it crossed the wire, the format of a traffic capture and of a test
 * fixture. `in`: from FreeSWITCH, header lines as received (values not decoded). `out`: a command
 * sent to FreeSWITCH — its whole text is the body, headers empty, contentType absent.
 * A body that is not valid UTF-8 is given in base64 with `bodyEncoding: 'base64'`.
 */
export type WireFrame = Readonly<{
  /** ISO-8601 with microseconds. */
  at: string;
  node: string;
  direction: 'in' | 'out';
  contentType?: string;
  headers: Readonly<Record<string, string>>;
  body?: string;
  bodyEncoding?: 'base64';
}>;

/** A captured frame, numbered within its capture; one JSON line each in an NDJSON fixture. */
export type RecordedTrafficEntry = WireFrame & Readonly<{ seq: number }>;
