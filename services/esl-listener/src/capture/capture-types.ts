import type { RecordedTrafficEntry } from '../hub.ts';
import type { EventSelector } from './event-selector.ts';

export type Direction = 'in' | 'out';

/** What to record; absent fields take the defaults of CAPTURE_LIMITS. */
export type CaptureRequest = Readonly<{
  /** Only this node's frames; every node when absent. */
  node?: string;
  maxEntries?: number;
  maxDurationMs?: number;
  /** Both when absent. */
  directions?: readonly Direction[];
  /**
   * Only event frames with these names; frames that are not events (command replies, api
   * responses, sent commands) are kept, so a capture still replays as a conversation.
   */
  eventNames?: readonly EventSelector[];
}>;

export type CaptureState = 'running' | 'stopped';

export type CaptureStopReason = 'requested' | 'max-entries' | 'max-duration' | 'shutdown';

export type CaptureSummary = Readonly<{
  captureId: string;
  state: CaptureState;
  stopReason?: CaptureStopReason;
  /** ISO-8601. */
  startedAt: string;
  stoppedAt?: string;
  /** Entries recorded so far. */
  entries: number;
  filter: Readonly<{
    node?: string;
    directions: readonly Direction[];
    eventNames?: readonly string[];
    maxEntries: number;
    maxDurationMs: number;
  }>;
}>;

/** One page of `getRecordedTraffic`. */
export type RecordedTrafficPage = Readonly<{
  captureId: string;
  state: CaptureState;
  stopReason?: CaptureStopReason;
  /** Entries recorded so far. */
  total: number;
  entries: readonly RecordedTrafficEntry[];
  /** The `after` of the next page; null once the capture has stopped and nothing is left. */
  next: number | null;
}>;
