import { closeSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EslPublishingError } from './errors.ts';
import { silentLogger, type PublishingLogger } from './logger.ts';
import { scanSpoolLines, spoolLineLength, writeSpoolLine } from './spool-line.ts';

/** Where a record starts (or, as `next`, where the one after it starts). */
export type SpoolPosition = Readonly<{
  segment: number;
  /** Byte offset within the segment file. */
  offset: number;
  /** Whole records before `offset` in the segment. */
  index: number;
}>;

/** A record read back: its bytes, its text on demand, and the position just past it. */
export class SpoolRecord {
  constructor(
    readonly bytes: Buffer,
    readonly next: SpoolPosition,
  ) {}

  /** The record as UTF-8 text, as appended. */
  get payload(): string {
    return this.bytes.toString('utf8');
  }
}

export type SpoolOptions = Readonly<{
  directory: string;
  /** Bound on the segment files' total size; beyond it the oldest segment is dropped. Default 1 GiB. */
  maxBytes?: number;
  /** A segment is sealed and a new one begun past this size. Default maxBytes / 16, at most 64 MiB. */
  segmentBytes?: number;
  /** `fdatasync` of the segment being written at most this often; 0 syncs every write. Default 1000 ms. */
  fsyncIntervalMs?: number;
  /** How often the acknowledged position reaches `ack.json`. Default 200 ms. */
  ackPersistIntervalMs?: number;
  logger?: PublishingLogger;
}>;

export type SpoolStats = Readonly<{
  /** Bytes of the segment files, with appends not yet written. */
  bytes: number;
  /** Records appended and not yet acknowledged. */
  pending: number;
  /** Records appended by this process. */
  appended: number;
  /** Records dropped, oldest first, to stay within maxBytes (or that could not be written). */
  dropped: number;
  /** Damaged or torn records skipped. */
  damaged: number;
}>;

type Segment = { readonly id: number; readonly path: string; size: number; records: number };
/** The last chunk read: `filled` bytes of `segment` from `offset`, whose records were handed out as views. */
type ReadAhead = Readonly<{ segment: number; offset: number; filled: number; buffer: Buffer }>;

const GIB = 1024 ** 3;
const MAX_SEGMENT_BYTES = 64 * 1024 ** 2;
const READ_CHUNK = 256 * 1024;
/** Lines are written in writes of about this size (a longer line in one of its own). */
const WRITE_CHUNK = 1024 * 1024;
const SEGMENT_FILE = /^segment-(\d{16})\.spool$/;
const ACK_FILE = 'ack.json';
const NEWLINE = 0x0a;

const segmentPath = (directory: string, id: number): string => join(directory, `segment-${String(id).padStart(16, '0')}.spool`);

const compare = (a: Pick<SpoolPosition, 'segment' | 'offset'>, b: Pick<SpoolPosition, 'segment' | 'offset'>): number =>
  a.segment - b.segment || a.offset - b.offset;

const startOf = (segment: Segment): SpoolPosition => ({ segment: segment.id, offset: 0, index: 0 });

const positiveInteger = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) throw new EslPublishingError('spool_bad_option', `${name} must be a positive integer: ${value}`);
  return value;
};

/**
 * A bounded, append-only spool of text records on disk: a directory of segment files of
 * checksummed lines (spool-line.ts), read in order and acknowledged by position.
 *
 * Durability: every append reaches the kernel before the next turn of the event loop, so a
 * process crash loses nothing written; the segment being written is `fdatasync`ed every
 * `fsyncIntervalMs` (and on close), so a machine crash loses at most that much. A torn last
 * record is cut off when the spool is opened again. The acknowledged position is saved to
 * `ack.json` every `ackPersistIntervalMs`: after a crash the records acknowledged since are read
 * again, which a consumer that de-duplicates (JetStream's Nats-Msg-Id) absorbs.
 *
 * One process per directory.
 */
export class Spool {
  private writeFd: number;
  private readFd: Readonly<{ segment: number; fd: number }> | undefined;
  private readAhead: ReadAhead | undefined;
  private readCursor: SpoolPosition;
  /** Appended records not yet written: their bytes, which their owner no longer changes. */
  private unwritten: Uint8Array[] = [];
  private unwrittenBytes = 0;
  /** Where lines are laid out for one write; reused. */
  private writeBuffer = Buffer.allocUnsafe(WRITE_CHUNK);
  private flushScheduled = false;
  private unsynced = false;
  private syncQueued = false;
  /** Background fdatasync and close calls, one after another so no fd is closed under a sync. */
  private syncChain: Promise<void> = Promise.resolve();
  private readonly syncTimer: NodeJS.Timeout | undefined;
  private ackTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private appended = 0;
  private dropped = 0;
  private damaged: number;

  private constructor(
    private readonly directory: string,
    private readonly segments: Segment[],
    private ackCursor: SpoolPosition,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private readonly fsyncIntervalMs: number,
    private readonly ackPersistIntervalMs: number,
    private readonly logger: PublishingLogger,
    torn: number,
  ) {
    this.readCursor = ackCursor;
    this.damaged = torn;
    this.writeFd = openSync(this.writeSegment.path, 'a');
    if (fsyncIntervalMs > 0) {
      this.syncTimer = setInterval(() => this.syncInBackground(), fsyncIntervalMs);
      this.syncTimer.unref();
    }
  }

  /** Opens (or creates) the spool in `directory`, resuming at the first unacknowledged record. */
  static async open(options: SpoolOptions): Promise<Spool> {
    const maxBytes = positiveInteger('maxBytes', options.maxBytes ?? GIB);
    const segmentBytes = positiveInteger('segmentBytes', options.segmentBytes ?? Math.min(MAX_SEGMENT_BYTES, Math.ceil(maxBytes / 16)));
    const fsyncIntervalMs = options.fsyncIntervalMs ?? 1000;
    const logger = options.logger ?? silentLogger;
    const { directory } = options;
    await mkdir(directory, { recursive: true });

    const saved = await readAck(directory);
    const ids = (await readdir(directory))
      .map((name) => SEGMENT_FILE.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const segments: Segment[] = [];
    let ack: SpoolPosition | undefined;
    let torn = 0;
    for (const id of ids) {
      const path = segmentPath(directory, id);
      if (saved && id < saved.segment) {
        unlinkSync(path); // acknowledged before the restart; its deletion had not happened yet
        continue;
      }
      const scan = await scanSegment(path, saved?.segment === id ? saved.offset : 0);
      if (scan.tornBytes > 0) {
        torn++;
        logger.warn({ segment: path, bytes: scan.tornBytes }, 'ESL spool: cut off a torn record left by a crash');
      }
      segments.push({ id, path, size: scan.size, records: scan.records });
      if (saved?.segment === id) ack = { segment: id, offset: scan.ackOffset, index: scan.ackIndex };
    }
    const last = segments.at(-1);
    if (last === undefined || last.size >= segmentBytes) {
      const id = Math.max(last?.id ?? 0, saved?.segment ?? 0) + 1;
      segments.push({ id, path: segmentPath(directory, id), size: 0, records: 0 });
    }
    const first = segments[0] as Segment;
    const spool = new Spool(
      directory,
      segments,
      ack ?? startOf(first),
      maxBytes,
      segmentBytes,
      fsyncIntervalMs,
      options.ackPersistIntervalMs ?? 200,
      logger,
      torn,
    );
    spool.normaliseAck();
    return spool;
  }

  /** Counts after writing what is pending, so drops to stay in bounds show at once. */
  get stats(): SpoolStats {
    this.flush();
    let pending = -this.ackCursor.index;
    for (const segment of this.segments) if (segment.id >= this.ackCursor.segment) pending += segment.records;
    let bytes = this.unwrittenBytes;
    for (const segment of this.segments) bytes += segment.size;
    return { bytes, pending: pending + this.unwritten.length, appended: this.appended, dropped: this.dropped, damaged: this.damaged };
  }

  /**
   * Adds a record at the end. It reaches the file before the next turn of the event loop; until
   * then the spool holds `payload` itself, so its bytes must not change.
   */
  append(payload: string | Uint8Array): void {
    this.assertOpen('append');
    if (typeof payload === 'string' ? payload.includes('\n') : payload.includes(NEWLINE)) throw new EslPublishingError('spool_bad_record', 'a spool record cannot hold a newline');
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    this.unwritten.push(body);
    this.unwrittenBytes += spoolLineLength(body);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Whether records remain after the read position. */
  hasUnread(): boolean {
    if (this.closed) return false;
    return this.unwritten.length > 0 || this.readCursor.segment < this.writeSegment.id || this.readCursor.offset < this.writeSegment.size;
  }

  /**
   * Up to `max` records after the read position, in order; the read position moves past them.
   * Appends not yet written are written first only when everything written has been read, so
   * reading a record at a time (as acks free the window) neither writes nor reads a record at a time.
   */
  read(max: number): SpoolRecord[] {
    this.assertOpen('read');
    const records: SpoolRecord[] = [];
    while (records.length < max) {
      const segment = this.segments.find((candidate) => candidate.id >= this.readCursor.segment);
      if (segment === undefined) break;
      if (segment.id !== this.readCursor.segment) this.readCursor = startOf(segment);
      if (this.readCursor.offset >= segment.size) {
        if (segment === this.writeSegment) {
          if (this.unwritten.length === 0) break;
          this.flush();
          continue;
        }
        const next = this.segments[this.segments.indexOf(segment) + 1];
        if (next === undefined) break;
        this.readCursor = startOf(next);
        continue;
      }
      this.readLines(segment, max, records);
    }
    return records;
  }

  /** Marks every record before `next` (a record's `next`) as done; positions behind the mark are ignored. */
  ack(next: SpoolPosition): void {
    if (this.closed || compare(next, this.ackCursor) <= 0) return;
    this.ackCursor = next;
    if (compare(this.readCursor, next) < 0) this.readCursor = next;
    this.normaliseAck();
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = undefined;
      if (this.closed) return;
      try {
        this.restartWhenDrained();
        this.persistAck();
      } catch (error) {
        // Not fatal: an older saved position only means records are sent again after a restart.
        this.logger.warn({ err: error, directory: this.directory }, 'ESL spool: saving the acknowledged position failed');
      }
    }, this.ackPersistIntervalMs).unref();
  }

  /** Moves the read position back to the first unacknowledged record, to read them again. */
  rewind(): void {
    this.readCursor = this.ackCursor;
  }

  /** Writes what is pending, saves the acknowledged position and syncs; the spool cannot be used after. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    clearTimeout(this.ackTimer);
    this.persistAck();
    this.closed = true;
    clearInterval(this.syncTimer);
    await this.syncChain;
    try {
      if (this.unsynced) fdatasyncSync(this.writeFd);
    } finally {
      closeSync(this.writeFd);
      this.closeReadFd();
    }
  }

  private get writeSegment(): Segment {
    return this.segments.at(-1) as Segment;
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new EslPublishingError('spool_closed', `the spool is closed (${operation})`);
  }

  /** Writes the appended records, rotating segments and dropping the oldest to stay in bounds. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.unwritten.length === 0) return;
    const bodies = this.unwritten;
    this.unwritten = [];
    this.unwrittenBytes = 0;
    const appendedBefore = this.appended;
    let tooLarge = 0;
    let chunk: Uint8Array[] = [];
    let chunkBytes = 0;
    const writeChunk = (): void => {
      if (chunk.length === 0) return;
      if (this.writeBuffer.length < chunkBytes) this.writeBuffer = Buffer.allocUnsafe(chunkBytes);
      let offset = 0;
      for (const body of chunk) offset = writeSpoolLine(this.writeBuffer, offset, body);
      this.write(this.writeBuffer.subarray(0, chunkBytes), chunk.length);
      if (this.writeBuffer.length > WRITE_CHUNK) this.writeBuffer = Buffer.allocUnsafe(WRITE_CHUNK); // not kept for one huge line
      chunk = [];
      chunkBytes = 0;
    };
    try {
      for (const body of bodies) {
        const lineBytes = spoolLineLength(body);
        if (lineBytes > this.maxBytes) {
          tooLarge++;
          this.lose(1, 'a record larger than the whole spool');
          continue;
        }
        const size = this.writeSegment.size + chunkBytes;
        if (size > 0 && size + lineBytes > this.segmentBytes) {
          writeChunk();
          this.rotate();
        }
        while (this.diskBytes() + chunkBytes + lineBytes > this.maxBytes) {
          writeChunk();
          this.dropOldestSegment();
        }
        if (chunkBytes > 0 && chunkBytes + lineBytes > WRITE_CHUNK) writeChunk();
        chunk.push(body);
        chunkBytes += lineBytes;
      }
      writeChunk();
      if (this.fsyncIntervalMs === 0 && this.unsynced) {
        fdatasyncSync(this.writeFd);
        this.unsynced = false;
      }
    } catch (error) {
      // Disk full or failing: what is not written is lost, loudly, and the spool carries on.
      this.lose(bodies.length - tooLarge - (this.appended - appendedBefore), 'writing the spool failed', error);
    }
  }

  private write(bytes: Buffer, records: number): void {
    const segment = this.writeSegment;
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.writeFd, bytes, done, bytes.length - done);
    } catch (error) {
      try {
        ftruncateSync(this.writeFd, segment.size); // no half record stays behind to damage the next
      } catch {
        // the next open cuts it off as a torn record
      }
      throw error;
    }
    segment.size += bytes.length;
    segment.records += records;
    this.appended += records;
    this.unsynced = true;
  }

  private diskBytes(): number {
    let bytes = 0;
    for (const segment of this.segments) bytes += segment.size;
    return bytes;
  }

  /** Seals the segment being written and starts the next. */
  private rotate(): void {
    const sealed = this.writeFd;
    const id = this.writeSegment.id + 1;
    const path = segmentPath(this.directory, id);
    this.writeFd = openSync(path, 'a');
    this.segments.push({ id, path, size: 0, records: 0 });
    if (this.unsynced) this.inBackground(() => datasync(sealed));
    this.unsynced = false;
    this.inBackground(() => closeFd(sealed));
  }

  private dropOldestSegment(): void {
    if (this.segments.length === 1) this.rotate();
    const oldest = this.segments.shift() as Segment;
    const next = this.segments[0] as Segment;
    const acked =
      this.ackCursor.segment > oldest.id ? oldest.records : this.ackCursor.segment === oldest.id ? this.ackCursor.index : 0;
    if (compare(this.ackCursor, startOf(next)) < 0) this.ackCursor = startOf(next);
    if (compare(this.readCursor, startOf(next)) < 0) this.readCursor = startOf(next);
    if (this.readFd?.segment === oldest.id) this.closeReadFd();
    this.persistAck(); // before the file goes, so a restart never points into it
    unlinkSync(oldest.path);
    this.lose(oldest.records - acked, 'the spool is full: dropped its oldest events');
  }

  private lose(records: number, reason: string, error?: unknown): void {
    if (records <= 0) return;
    this.dropped += records;
    this.logger.error(
      { lost: records, dropped: this.dropped, maxBytes: this.maxBytes, directory: this.directory, ...(error === undefined ? {} : { err: error }) },
      `ESL spool: ${reason}`,
    );
  }

  /**
   * Reads whole lines of `segment` from the read position into `records`, up to `max`. A read
   * takes up to READ_CHUNK bytes, and the lines after the position are served from them until
   * they run out: the bytes of a written record never change.
   */
  private readLines(segment: Segment, max: number, records: SpoolRecord[]): void {
    const available = segment.size - this.readCursor.offset;
    let length = Math.min(READ_CHUNK, available);
    let fresh = false;
    for (;;) {
      const ahead = this.readAhead;
      const offset = this.readCursor.offset;
      let from = 0;
      if (!fresh && ahead?.segment === segment.id && offset >= ahead.offset && offset < ahead.offset + ahead.filled) {
        from = offset - ahead.offset;
      } else {
        // A new buffer for each read: the records handed out are views of the last one.
        const buffer = Buffer.allocUnsafe(length);
        this.readAhead = { segment: segment.id, offset, filled: readSync(this.readFdFor(segment), buffer, 0, length, offset), buffer };
        fresh = true;
      }
      const { offset: base, filled, buffer } = this.readAhead as ReadAhead;
      let { index } = this.readCursor;
      let progressed = false;
      for (const line of scanSpoolLines(buffer, from, filled)) {
        progressed = true;
        if (line.body === undefined) this.damaged++;
        else index++;
        this.readCursor = { segment: segment.id, offset: base + line.end, index };
        if (line.body !== undefined) records.push(new SpoolRecord(line.body, this.readCursor));
        if (records.length >= max) break;
      }
      if (progressed) return;
      if (!fresh) {
        fresh = true; // what was read ahead ends inside a line: read from the position again
        continue;
      }
      if (length < available && filled === length) {
        length = Math.min(length * 2, available); // one line longer than the buffer
        continue;
      }
      // No newline up to the end of a sealed segment: a damaged tail; go on with the next segment.
      this.damaged++;
      this.readCursor = { segment: segment.id, offset: segment.size, index };
      return;
    }
  }

  private readFdFor(segment: Segment): number {
    if (this.readFd?.segment === segment.id) return this.readFd.fd;
    this.closeReadFd();
    this.readFd = { segment: segment.id, fd: openSync(segment.path, 'r') };
    return this.readFd.fd;
  }

  private closeReadFd(): void {
    if (this.readFd === undefined) return;
    closeSync(this.readFd.fd);
    this.readFd = undefined;
  }

  /** An acknowledged position at the end of a sealed segment is the start of the next one. */
  private normaliseAck(): void {
    for (;;) {
      const position = this.segments.findIndex((segment) => segment.id === this.ackCursor.segment);
      const segment = this.segments[position];
      const next = this.segments[position + 1];
      if (segment === undefined || next === undefined || this.ackCursor.offset < segment.size) return;
      this.ackCursor = startOf(next);
    }
  }

  /** Saves the acknowledged position, then removes the segments wholly behind it. */
  private persistAck(): void {
    if (this.closed) return;
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const path = join(this.directory, ACK_FILE);
    writeFileSync(`${path}.tmp`, JSON.stringify({ segment: this.ackCursor.segment, offset: this.ackCursor.offset }));
    renameSync(`${path}.tmp`, path);
    while ((this.segments[0]?.id ?? Infinity) < this.ackCursor.segment) {
      const done = this.segments.shift() as Segment;
      if (this.readFd?.segment === done.id) this.closeReadFd();
      unlinkSync(done.path);
    }
  }

  /** Once every record is acknowledged, writing starts on a fresh segment so the old one can go. */
  private restartWhenDrained(): void {
    const write = this.writeSegment;
    const drained = this.unwritten.length === 0 && this.ackCursor.segment === write.id && this.ackCursor.offset >= write.size;
    if (!drained || write.size === 0 || compare(this.readCursor, this.ackCursor) !== 0) return;
    this.rotate();
    this.ackCursor = startOf(this.writeSegment);
    this.readCursor = this.ackCursor;
  }

  private syncInBackground(): void {
    if (!this.unsynced || this.syncQueued || this.closed) return;
    const fd = this.writeFd;
    this.unsynced = false;
    this.syncQueued = true;
    this.inBackground(async () => {
      this.syncQueued = false;
      await datasync(fd).catch((error: unknown) => {
        this.unsynced = true;
        this.logger.warn({ err: error, directory: this.directory }, 'ESL spool: fdatasync failed');
      });
    });
  }

  private inBackground(step: () => Promise<void>): void {
    this.syncChain = this.syncChain.then(step).catch((error: unknown) => {
      this.logger.warn({ err: error, directory: this.directory }, 'ESL spool: background file operation failed');
    });
  }
}

const datasync = (fd: number): Promise<void> =>
  new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));

const closeFd = (fd: number): Promise<void> => {
  closeSync(fd);
  return Promise.resolve();
};

const readAck = async (directory: string): Promise<Readonly<{ segment: number; offset: number }> | undefined> => {
  let text: string;
  try {
    text = await readFile(join(directory, ACK_FILE), 'utf8');
  } catch {
    return undefined; // a new spool
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { segment, offset } = value as Record<string, unknown>;
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(offset)) return { segment: segment as number, offset: offset as number };
  } catch {
    // a damaged ack file: start from the oldest segment, re-sends are de-duplicated downstream
  }
  return undefined;
};

type SegmentScan = Readonly<{ size: number; records: number; tornBytes: number; ackOffset: number; ackIndex: number }>;

/**
 * Counts a segment's whole records and cuts off bytes after its last newline (a record torn by
 * a crash). Finds the line boundary at or after `ackOffset` and the records before it.
 */
const scanSegment = async (path: string, ackOffset: number): Promise<SegmentScan> => {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    let buffer = Buffer.allocUnsafe(READ_CHUNK);
    let carried = 0;
    let base = 0; // file offset of buffer[0]
    let records = 0;
    let ackAt = 0;
    let ackIndex = 0;
    for (;;) {
      if (carried === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, base + carried);
      if (bytesRead === 0) break;
      const filled = carried + bytesRead;
      let consumed = 0;
      for (const line of scanSpoolLines(buffer, 0, filled)) {
        if (line.body !== undefined) records++;
        if (base + line.start < ackOffset) {
          ackAt = base + line.end;
          if (line.body !== undefined) ackIndex++;
        }
        consumed = line.end;
      }
      buffer.copy(buffer, 0, consumed, filled);
      carried = filled - consumed;
      base += consumed;
    }
    if (base < size) await handle.truncate(base);
    return { size: base, records, tornBytes: size - base, ackOffset: ackAt, ackIndex };
  } finally {
    await handle.close();
  }
};
