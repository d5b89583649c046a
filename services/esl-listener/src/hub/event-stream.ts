import type { EslEvent } from '@sapien/esl-protocol';
import type { Logger } from 'pino';
import type { ConnectionSink } from './connection-sink.ts';
import type { MutableNodeMetrics } from './node-metrics.ts';
import { toPublishedEvent } from './published-event.ts';
import { SequenceTracker } from './sequence-tracker.ts';

export type EventStreamOptions = Readonly<{
  sink: ConnectionSink;
  metrics: MutableNodeMetrics;
  logger: Logger;
  /** The instant an event without a date of its own is stamped with. */
  now: () => string;
  /** A Core-UUID seen for the first time or changed: the node's status changed. */
  onCoreUuid?: () => void;
  /** Off for an outbound call: its events are one channel's, so its sequence always jumps. */
  countGaps?: boolean;
}>;

/**
 * The events of one FreeSWITCH connection on their way to the hub: normalised, counted, their
 * Event-Sequence and Core-UUID followed. Inbound and outbound connections share it.
 */
export class EventStream {
  private readonly tracker = new SequenceTracker();
  private readonly countGaps: boolean;

  constructor(private readonly options: EventStreamOptions) {
    this.countGaps = options.countGaps ?? true;
  }

  get coreUuid(): string | undefined {
    return this.tracker.coreUuid;
  }

  get lastSequence(): number | undefined {
    return this.tracker.lastSequence;
  }

  accept(event: EslEvent, node: string): void {
    const { metrics, sink } = this.options;
    const published = toPublishedEvent(event, node, this.options.now);
    const previousCoreUuid = this.tracker.coreUuid;
    switch (this.tracker.observe(published.coreUuid, published.sequence)) {
      case 'gap':
        if (this.countGaps) metrics.gaps += 1;
        break;
      case 'backwards':
        if (this.countGaps) metrics.reorders += 1;
        break;
      case 'core-changed':
        metrics.coreUuidChanges += 1;
        this.options.logger.warn(
          { node, previousCoreUuid, coreUuid: published.coreUuid },
          'FreeSWITCH restarted (new Core-UUID): Event-Sequence starts again',
        );
        break;
      case 'first':
      case 'next':
      case 'untracked':
        break;
    }
    if (this.tracker.coreUuid !== previousCoreUuid) this.options.onCoreUuid?.();
    metrics.events += 1;
    sink.event(published);
  }
}
