import type { NodeStatus, PublishedEslEvent, WireFrame } from '../hub.ts';

/** Where a FreeSWITCH connection hands what it reads, synchronously and in order. */
export interface ConnectionSink {
  /** Whether anyone listens to wire frames: frames are built only then, so capture off costs nothing. */
  capturing(): boolean;
  frame(frame: WireFrame): void;
  event(event: PublishedEslEvent): void;
  status(status: NodeStatus): void;
}
