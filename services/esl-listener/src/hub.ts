import type { EslHeaders, RecordedTrafficEntry, WireFrame } from '@sapien/esl-protocol';

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

/** The capture format (PRODUCT.md §6), shared with the ESL stand-in's fixtures. */
export type { RecordedTrafficEntry, WireFrame };

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
