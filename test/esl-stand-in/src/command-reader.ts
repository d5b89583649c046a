/** A command as mod_event_socket reads it: a command line, `Name: value` lines, maybe a body. */
export type EslCommand = Readonly<{
  /** The first line, e.g. `event plain ALL` (CR removed). */
  line: string;
  headers: ReadonlyArray<readonly [string, string]>;
  body?: string;
  /** The whole command as received, LF line ends, without the closing blank line. */
  text: string;
}>;

export type ReadResult = Readonly<{ commands: EslCommand[]; error?: string }>;

const LF = 0x0a;
const CR = 0x0d;
// FreeSWITCH stops reading a command's head at its buffer size and runs what it has, so a
// client's garbage without blank lines costs bounded memory and gets `-ERR` replies.
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Splits a client's byte stream into commands, as FreeSWITCH does: tolerant, never throwing. */
export class CommandReader {
  #buffer: Buffer = Buffer.alloc(0);
  #scanned = 0;
  #sawLf = false;
  #awaiting: { line: string; headers: Array<readonly [string, string]>; text: string; bodyLength: number } | undefined;
  #failed = false;

  push(chunk: Buffer): ReadResult {
    if (this.#failed) return { commands: [] };
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const commands: EslCommand[] = [];
    for (;;) {
      if (this.#awaiting !== undefined) {
        const { bodyLength, ...head } = this.#awaiting;
        if (this.#buffer.length < bodyLength) break;
        const body = this.#buffer.toString('utf8', 0, bodyLength);
        this.#buffer = this.#buffer.subarray(bodyLength);
        this.#awaiting = undefined;
        commands.push({ ...head, body, text: `${head.text}\n\n${body}` });
        continue;
      }
      this.#skipLeadingBlankLines();
      const end = this.#findHeadEnd();
      if (end === undefined) break;
      const head = this.#buffer.toString('utf8', 0, end.headBytes);
      this.#buffer = this.#buffer.subarray(end.consumed);
      this.#scanned = 0;
      this.#sawLf = false;
      const command = parseHead(head);
      if (command.bodyLength > MAX_BODY_BYTES) {
        this.#failed = true;
        return { commands, error: `a command body of ${command.bodyLength} bytes is too large` };
      }
      if (command.bodyLength > 0) this.#awaiting = command;
      else commands.push({ line: command.line, headers: command.headers, text: command.text });
    }
    return { commands };
  }

  #skipLeadingBlankLines(): void {
    let start = 0;
    while (start < this.#buffer.length && (this.#buffer[start] === LF || this.#buffer[start] === CR)) start++;
    if (start > 0) {
      this.#buffer = this.#buffer.subarray(start);
      this.#scanned = 0;
      this.#sawLf = false;
    }
  }

  /** The end of a head: two LFs with only CRs between them, or the size limit. */
  #findHeadEnd(): { headBytes: number; consumed: number } | undefined {
    const buffer = this.#buffer;
    for (let i = this.#scanned; i < buffer.length; i++) {
      const byte = buffer[i];
      if (byte === LF) {
        if (this.#sawLf) return { headBytes: i, consumed: i + 1 };
        this.#sawLf = true;
      } else if (byte !== CR) {
        this.#sawLf = false;
      }
      if (i + 1 >= MAX_HEAD_BYTES) return { headBytes: i + 1, consumed: i + 1 };
    }
    this.#scanned = buffer.length;
    return undefined;
  }
}

function parseHead(head: string): {
  line: string;
  headers: Array<readonly [string, string]>;
  text: string;
  bodyLength: number;
} {
  const lines = head.split('\n').map((line) => line.replace(/\r/g, ''));
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const headers: Array<readonly [string, string]> = [];
  let bodyLength = 0;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ +/, '');
    headers.push([name, value]);
    // atoi: leading digits, anything else is 0 (no body), as FreeSWITCH reads it.
    if (name.toLowerCase() === 'content-length') bodyLength = Number(/^\s*(\d+)/.exec(value)?.[1] ?? 0);
  }
  return { line: lines[0] ?? '', headers, text: lines.join('\n'), bodyLength };
}

/** A command header by name, ignoring case as FreeSWITCH does. */
export function commandHeader(command: EslCommand, name: string): string | undefined {
  const lower = name.toLowerCase();
  return command.headers.find(([key]) => key.toLowerCase() === lower)?.[1];
}
