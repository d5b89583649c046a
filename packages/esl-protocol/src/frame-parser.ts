import { ChunkQueue } from './chunk-queue.ts';
import { EslProtocolError } from './errors.ts';
import type { RawFrame } from './raw-frame.ts';

/** FreeSWITCH's own limit on a frame body. */
export const DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024 * 1024;
/** Far above any real header block (an outbound `connect` reply is a few KiB). */
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

export type FrameParserOptions = Readonly<{
  maxContentLength?: number;
  maxHeaderBytes?: number;
}>;

/** What one `push` produced: the frames completed, and the error that failed the parser, if it did now. */
export type PushResult = Readonly<{
  frames: RawFrame[];
  error?: EslProtocolError;
}>;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const DIGITS = /^[0-9]+$/;

const LINE_READ = 0;
const LINE_ENDS_HEADERS = 1;
/** The parser failed, or the line is not whole yet. */
const LINE_STOP = 2;
type LineOutcome = typeof LINE_READ | typeof LINE_ENDS_HEADERS | typeof LINE_STOP;

/**
 * Incremental ESL frame reader: `Name: value` lines (LF, CRLF tolerated), a blank line, then
 * exactly `Content-Length` bytes. Any split of the input yields the same frames. After an error
 * the byte stream cannot be resynchronised, so the parser stays failed and ignores further input;
 * `push` never throws.
 */
export class FrameParser {
  readonly #queue = new ChunkQueue();
  readonly #maxContentLength: number;
  readonly #maxHeaderBytes: number;
  #headers: Array<readonly [string, string]> = [];
  #headerBytes = 0;
  #frameBytes = 0;
  #bodyLength = -1; // -1 while reading headers
  #contentType: string | undefined;
  #scanFrom = 0;
  #error: EslProtocolError | undefined;

  constructor(options: FrameParserOptions = {}) {
    this.#maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
    this.#maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  }

  /** The error that failed the parser, if any. */
  get error(): EslProtocolError | undefined {
    return this.#error;
  }

  /** Bytes received and not yet returned in a frame (0 once failed). */
  get pendingBytes(): number {
    return this.#error === undefined ? this.#frameBytes + this.#queue.length : 0;
  }

  push(chunk: Buffer): PushResult {
    if (this.#error !== undefined) return { frames: [] };
    this.#queue.push(chunk);
    const frames: RawFrame[] = [];
    try {
      for (;;) {
        const frame = this.#bodyLength < 0 ? this.#readHeaders() : this.#readBody();
        if (frame === undefined) break;
        frames.push(frame);
      }
    } catch (cause) {
      // Defensive only: a bug here must not take the connection's process down.
      this.#fail(new EslProtocolError('internal_error', 'the frame parser failed unexpectedly', {}, { cause }));
    }
    return this.#error === undefined ? { frames } : { frames, error: this.#error };
  }

  /** Call when the stream ends: reports a frame cut short, and fails the parser if there was one. */
  end(): EslProtocolError | undefined {
    if (this.#error !== undefined) return undefined;
    if (this.#queue.length === 0 && this.#headers.length === 0 && this.#bodyLength < 0) return undefined;
    return this.#fail(
      new EslProtocolError('truncated_frame', 'the stream ended inside a frame', { pendingBytes: this.pendingBytes }),
    );
  }

  #readHeaders(): RawFrame | undefined {
    for (;;) {
      const outcome = this.#nextHeaderLine();
      if (outcome === LINE_ENDS_HEADERS) return this.#endHeaders();
      if (outcome === LINE_STOP) return undefined;
    }
  }

  /** Reads the next header line: in place when it lies whole in the first chunk, as most do. */
  #nextHeaderLine(): LineOutcome {
    const queue = this.#queue;
    const head = queue.head;
    if (head !== undefined && this.#scanFrom === 0) {
      const start = queue.headOffset;
      const lf = head.indexOf(LF, start);
      if (lf !== -1) {
        queue.skip(lf + 1 - start); // `head` still holds the line
        return this.#headerLine(head, start, lf);
      }
    }
    const lf = queue.indexOf(LF, this.#scanFrom);
    if (lf === -1) {
      this.#scanFrom = queue.length;
      if (this.#headerBytes + queue.length > this.#maxHeaderBytes) this.#failHeaderTooLarge();
      return LINE_STOP;
    }
    this.#scanFrom = 0;
    return this.#headerLine(queue.take(lf + 1), 0, lf);
  }

  /** Reads the header line `bytes[start, lf)`; `lf` is its newline. */
  #headerLine(bytes: Buffer, start: number, lf: number): LineOutcome {
    const length = lf + 1 - start;
    this.#frameBytes += length;
    const end = lf > start && bytes[lf - 1] === CR ? lf - 1 : lf;
    // A blank line ends the headers; before any, it is a blank line between frames.
    if (end === start) return this.#headers.length === 0 ? LINE_READ : LINE_ENDS_HEADERS;
    this.#headerBytes += length;
    if (this.#headerBytes > this.#maxHeaderBytes) {
      this.#failHeaderTooLarge();
      return LINE_STOP;
    }
    const colon = bytes.indexOf(0x3a, start);
    if (colon <= start || colon >= end) {
      this.#fail(
        new EslProtocolError('bad_header_line', 'a header line has no "Name:" part', {
          line: bytes.toString('utf8', start, Math.min(end, start + 200)),
        }),
      );
      return LINE_STOP;
    }
    const valueStart = colon + 1 < end && bytes[colon + 1] === SPACE ? colon + 2 : colon + 1;
    this.#headers.push([bytes.toString('utf8', start, colon), bytes.toString('utf8', valueStart, end)]);
    return LINE_READ;
  }

  #endHeaders(): RawFrame | undefined {
    let contentLength: string | undefined;
    for (const [name, value] of this.#headers) {
      if (name.length === 12 && this.#contentType === undefined && name.toLowerCase() === 'content-type') {
        this.#contentType = value;
      } else if (name.length === 14 && name.toLowerCase() === 'content-length') {
        if (contentLength !== undefined && contentLength !== value) {
          return this.#badContentLength(`conflicting Content-Length headers "${contentLength}" and "${value}"`);
        }
        contentLength = value;
      }
    }
    if (contentLength === undefined) return this.#emit(undefined);
    const text = contentLength.trim();
    if (!DIGITS.test(text)) return this.#badContentLength(`Content-Length "${contentLength}" is not a byte count`);
    const length = Number(text);
    if (length > this.#maxContentLength) {
      this.#fail(
        new EslProtocolError('content_length_too_large', `Content-Length ${text} exceeds ${this.#maxContentLength}`, {
          contentLength: length,
          max: this.#maxContentLength,
        }),
      );
      return undefined;
    }
    this.#bodyLength = length;
    return this.#readBody();
  }

  #readBody(): RawFrame | undefined {
    if (this.#queue.length < this.#bodyLength) return undefined;
    const body = this.#queue.take(this.#bodyLength);
    this.#frameBytes += this.#bodyLength;
    return this.#emit(body);
  }

  #emit(body: Buffer | undefined): RawFrame {
    const frame: RawFrame = {
      headers: this.#headers,
      contentType: this.#contentType,
      body,
      bytes: this.#frameBytes,
    };
    this.#headers = [];
    this.#headerBytes = 0;
    this.#frameBytes = 0;
    this.#bodyLength = -1;
    this.#contentType = undefined;
    return frame;
  }

  #badContentLength(message: string): undefined {
    this.#fail(new EslProtocolError('bad_content_length', message));
    return undefined;
  }

  #failHeaderTooLarge(): void {
    this.#fail(
      new EslProtocolError('header_too_large', `a header block exceeds ${this.#maxHeaderBytes} bytes`, {
        max: this.#maxHeaderBytes,
      }),
    );
  }

  #fail(error: EslProtocolError): EslProtocolError {
    this.#error = error;
    this.#queue.clear();
    this.#headers = [];
    return error;
  }
}
