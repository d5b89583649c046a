/** What one event's Core-UUID and Event-Sequence say about delivery. */
export type SequenceObservation = 'first' | 'next' | 'gap' | 'backwards' | 'core-changed' | 'untracked';

/**
 * Follows Event-Sequence within one Core-UUID. FreeSWITCH numbers events when it creates them,
 * so a jump forward usually means filtered events and a step back means dispatch threads
 * reordered them; a new Core-UUID means FreeSWITCH restarted and numbering began again.
 */
export class SequenceTracker {
  private currentCoreUuid: string | undefined;
  private last: number | undefined;

  get coreUuid(): string | undefined {
    return this.currentCoreUuid;
  }

  /** The highest Event-Sequence seen since the last Core-UUID change. */
  get lastSequence(): number | undefined {
    return this.last;
  }

  /** `coreUuid` '' and `sequence` 0 mean the event did not carry them. */
  observe(coreUuid: string, sequence: number): SequenceObservation {
    if (coreUuid !== '' && coreUuid !== this.currentCoreUuid) {
      const changed = this.currentCoreUuid !== undefined;
      this.currentCoreUuid = coreUuid;
      this.last = sequence > 0 ? sequence : undefined;
      return changed ? 'core-changed' : 'first';
    }
    if (sequence <= 0) return 'untracked';
    const last = this.last;
    if (last === undefined) {
      this.last = sequence;
      return 'first';
    }
    if (sequence <= last) return 'backwards';
    this.last = sequence;
    return sequence === last + 1 ? 'next' : 'gap';
  }
}
