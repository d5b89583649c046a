import type { EslHeaders } from '@sapien/esl-protocol';

/**
 * The seams between the parts of the ESL listener: FreeSWITCH connections (inbound and outbound)
 * feed the hub; the publisher and the WebSocket server read from it and send commands through it.
 */

/** An event as published to ESL_EVENTS (PRODUCT.md §5) and sent to WebSocket clients. */
export type PublishedEslEvent = Readonly<{
  node: string;
  /** Event-Name, e.g. CHANNEL_ANSWER or CUSTOM. */
  name: string;
  /** Event-Subclass of a CUSTOM event, e.g. sofia::register. */
  subclass?: string;
  /** Event-Sequence: an ordering hint, gaps are normal. */
  sequence: number;
  coreUuid: string;
  /** Unique-ID (the channel's UUID), when the event belongs to a call. */
  uniqueId?: string;
  /** Event-Date-Timestamp (microseconds since the epoch) as an ISO-8601 instant with six digits. */
  timestamp: string;
  headers: EslHeaders;
  body?: string;
}>;

/**
 * One frame exactly as it crossed the wire (PRODUCT.md §6, RecordedTrafficEntry without `seq`).
 * `in`: from FreeSWITCH, header lines as received (values not decoded). `out`: a command Sapien
 * sent — its whole text is the body, headers empty, contentType absent.
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

export type NodeStatus = Readonly<{
  node: string;
  mode: 'inbound' | 'outbound';
  state: 'connecting' | 'authenticating' | 'ready' | 'disconnected';
  coreUuid?: string;
  lastSequence?: number;
}>;

export type Unsubscribe = () => void;

/** What the WebSocket server and the publisher see of the FreeSWITCH connections. */
export interface EslHub {
  nodes(): readonly NodeStatus[];
  onEvent(listener: (event: PublishedEslEvent) => void): Unsubscribe;
  onFrame(listener: (frame: WireFrame) => void): Unsubscribe;
  /** `api <command>` on the node's connection: the api/response body. Rejects with EslCommandError. */
  api(node: string, command: string): Promise<string>;
  /** `bgapi <command>`: the Job-UUID at once, the BACKGROUND_JOB body later. */
  bgapi(node: string, command: string): Promise<Readonly<{ jobUuid: string; result: Promise<string> }>>;
}
