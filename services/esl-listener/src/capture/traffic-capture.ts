import { newId } from '@sapien/kernel';
import type { EslHub, RecordedTrafficEntry, Unsubscribe, WireFrame } from '../hub.ts';
import { CaptureNotFoundError, TooManyCapturesError } from './capture-errors.ts';
import { CAPTURE_LIMITS } from './capture-limits.ts';
import type { CaptureRequest, CaptureState, CaptureStopReason, CaptureSummary, Direction, RecordedTrafficPage } from './capture-types.ts';
import { formatEventSelector, needsSubclass } from './event-selector.ts';
import { frameEventName, type FrameEventName } from './frame-event-name.ts';
import { frameMatches, type FrameFilter } from './frame-filter.ts';
import { ndjsonLine, recordedEntry, toNdjson } from './recorded-traffic.ts';

export type TrafficCaptureOptions = Readonly<{
  /** Captures kept, running or finished (default 8). */
  maxCaptures?: number;
  /** Byte budget of one page of JSON (default 4 MiB). */
  maxPageBytes?: number;
  /** For startedAt/stoppedAt. */
  now?: () => Date;
}>;

type Capture = {
  readonly captureId: string;
  readonly filter: FrameFilter;
  readonly summaryFilter: CaptureSummary['filter'];
  readonly maxEntries: number;
  readonly entries: RecordedTrafficEntry[];
  readonly startedAt: string;
  state: CaptureState;
  stopReason?: CaptureStopReason;
  stoppedAt?: string;
  timer?: NodeJS.Timeout;
};

const BOTH: readonly Direction[] = ['in', 'out'];

/**
 * Records the frames on the wire for `startCapturingTraffic`: each capture keeps the frames that
 * match its filter, numbered from 1, until it is stopped or reaches its entry or time limit.
 * Captures live in memory, at most `maxCaptures` of them (the oldest finished one makes room).
 * The hub's frame feed is listened to only while a capture runs.
 */
export class TrafficCapture {
  private readonly captures = new Map<string, Capture>();
  private readonly maxCaptures: number;
  private readonly maxPageBytes: number;
  private readonly now: () => Date;
  private unsubscribe: Unsubscribe | undefined;

  constructor(
    private readonly hub: Pick<EslHub, 'onFrame'>,
    options: TrafficCaptureOptions = {},
  ) {
    this.maxCaptures = options.maxCaptures ?? CAPTURE_LIMITS.defaultMaxCaptures;
    this.maxPageBytes = options.maxPageBytes ?? CAPTURE_LIMITS.defaultMaxPageBytes;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts a capture; limits above the caps are lowered to them. */
  start(request: CaptureRequest = {}): CaptureSummary {
    this.makeRoom();
    const maxEntries = Math.min(request.maxEntries ?? CAPTURE_LIMITS.defaultMaxEntries, CAPTURE_LIMITS.maxEntries);
    const maxDurationMs = Math.min(request.maxDurationMs ?? CAPTURE_LIMITS.defaultMaxDurationMs, CAPTURE_LIMITS.maxDurationMs);
    const directions = request.directions === undefined || request.directions.length === 0 ? BOTH : [...new Set(request.directions)];
    const eventNames = request.eventNames === undefined || request.eventNames.length === 0 ? undefined : request.eventNames;
    const capture: Capture = {
      captureId: newId(),
      filter: {
        ...(request.node === undefined ? {} : { node: request.node }),
        directions: new Set(directions),
        ...(eventNames === undefined ? {} : { eventNames }),
      },
      summaryFilter: {
        ...(request.node === undefined ? {} : { node: request.node }),
        directions,
        ...(eventNames === undefined ? {} : { eventNames: eventNames.map(formatEventSelector) }),
        maxEntries,
        maxDurationMs,
      },
      maxEntries,
      entries: [],
      startedAt: this.now().toISOString(),
      state: 'running',
    };
    capture.timer = setTimeout(() => this.finish(capture, 'max-duration'), maxDurationMs);
    // A capture must not keep the process alive on shutdown.
    capture.timer.unref();
    this.captures.set(capture.captureId, capture);
    this.listen();
    return this.summarize(capture);
  }

  /** Stops a running capture; stopping a stopped one returns its summary unchanged. */
  stop(captureId: string): CaptureSummary {
    const capture = this.find(captureId);
    this.finish(capture, 'requested');
    return this.summarize(capture);
  }

  summary(captureId: string): CaptureSummary {
    return this.summarize(this.find(captureId));
  }

  /** Every kept capture, oldest first. */
  list(): CaptureSummary[] {
    return [...this.captures.values()].map((capture) => this.summarize(capture));
  }

  /** Entries with `seq > after`, at most `limit` of them and about `maxPageBytes` of JSON. */
  page(captureId: string, after = 0, limit: number = CAPTURE_LIMITS.defaultPageLimit): RecordedTrafficPage {
    const capture = this.find(captureId);
    const entries: RecordedTrafficEntry[] = [];
    let bytes = 0;
    // seq n sits at index n - 1.
    for (let index = Math.max(0, after); index < capture.entries.length && entries.length < limit; index++) {
      const entry = capture.entries[index]!;
      bytes += ndjsonLine(entry).length;
      if (entries.length > 0 && bytes > this.maxPageBytes) break;
      entries.push(entry);
    }
    const last = entries.at(-1)?.seq ?? Math.max(0, Math.min(after, capture.entries.length));
    const done = capture.state === 'stopped' && last >= capture.entries.length;
    return {
      captureId,
      state: capture.state,
      ...(capture.stopReason === undefined ? {} : { stopReason: capture.stopReason }),
      total: capture.entries.length,
      entries,
      next: done ? null : last,
    };
  }

  /** Every entry of a capture, in order. */
  entries(captureId: string): readonly RecordedTrafficEntry[] {
    return this.find(captureId).entries;
  }

  /** The capture as NDJSON, one entry per line. */
  ndjson(captureId: string): string {
    return toNdjson(this.find(captureId).entries);
  }

  /** Stops every running capture (on shutdown); recorded entries stay readable. */
  close(): void {
    for (const capture of this.captures.values()) this.finish(capture, 'shutdown');
  }

  private readonly record = (frame: WireFrame): void => {
    let named: FrameEventName | undefined;
    let looked = false;
    const eventName = (): FrameEventName | undefined => {
      if (!looked) {
        looked = true;
        named = frameEventName(frame, this.anyNeedsSubclass());
      }
      return named;
    };
    for (const capture of this.captures.values()) {
      if (capture.state !== 'running' || !frameMatches(capture.filter, frame, eventName)) continue;
      capture.entries.push(recordedEntry(capture.entries.length + 1, frame));
      if (capture.entries.length >= capture.maxEntries) this.finish(capture, 'max-entries');
    }
  };

  private anyNeedsSubclass(): boolean {
    for (const capture of this.captures.values()) {
      if (capture.state === 'running' && capture.filter.eventNames !== undefined && needsSubclass(capture.filter.eventNames)) return true;
    }
    return false;
  }

  private finish(capture: Capture, reason: CaptureStopReason): void {
    if (capture.state !== 'running') return;
    capture.state = 'stopped';
    capture.stopReason = reason;
    capture.stoppedAt = this.now().toISOString();
    clearTimeout(capture.timer);
    capture.timer = undefined;
    if (![...this.captures.values()].some((other) => other.state === 'running')) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
  }

  private listen(): void {
    this.unsubscribe ??= this.hub.onFrame(this.record);
  }

  private makeRoom(): void {
    if (this.captures.size < this.maxCaptures) return;
    for (const capture of this.captures.values()) {
      if (capture.state === 'stopped') {
        this.captures.delete(capture.captureId);
        return;
      }
    }
    throw new TooManyCapturesError(this.maxCaptures);
  }

  private find(captureId: string): Capture {
    const capture = this.captures.get(captureId);
    if (capture === undefined) throw new CaptureNotFoundError(captureId);
    return capture;
  }

  private summarize(capture: Capture): CaptureSummary {
    return {
      captureId: capture.captureId,
      state: capture.state,
      ...(capture.stopReason === undefined ? {} : { stopReason: capture.stopReason }),
      startedAt: capture.startedAt,
      ...(capture.stoppedAt === undefined ? {} : { stoppedAt: capture.stoppedAt }),
      entries: capture.entries.length,
      filter: capture.summaryFilter,
    };
  }
}
