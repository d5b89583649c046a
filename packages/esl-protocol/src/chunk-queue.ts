/**
 * The bytes received and not yet consumed, kept as the chunks they arrived in: a chunk is never
 * copied to append the next one, and bytes are joined only when a caller takes a range that spans
 * chunks.
 */
export class ChunkQueue {
  readonly #chunks: Buffer[] = [];
  #offset = 0; // bytes of the first chunk already consumed
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Position of the first `byte` at or after `from` (both relative to the front), or -1. */
  indexOf(byte: number, from: number): number {
    let base = 0;
    for (let i = 0; i < this.#chunks.length; i++) {
      const chunk = this.#chunks[i]!;
      const start = i === 0 ? this.#offset : 0;
      const available = chunk.length - start;
      if (from < base + available) {
        const found = chunk.indexOf(byte, start + Math.max(0, from - base));
        if (found !== -1) return base + found - start;
      }
      base += available;
    }
    return -1;
  }

  /** Removes and returns the first `n` bytes (`n` ≤ length): a view when they lie in one chunk. */
  take(n: number): Buffer {
    const first = this.#chunks[0];
    if (first !== undefined && first.length - this.#offset >= n) {
      const view = first.subarray(this.#offset, this.#offset + n);
      this.#skip(n);
      return view;
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    for (let i = 0; written < n; i++) {
      const chunk = this.#chunks[i]!;
      const start = i === 0 ? this.#offset : 0;
      written += chunk.copy(out, written, start, Math.min(chunk.length, start + n - written));
    }
    this.#skip(n);
    return out;
  }

  /** The first chunk, whose bytes from `headOffset` on are the front of the queue; undefined when empty. */
  get head(): Buffer | undefined {
    return this.#chunks[0];
  }

  get headOffset(): number {
    return this.#offset;
  }

  /** Removes the first `n` bytes (`n` ≤ length). */
  skip(n: number): void {
    this.#skip(n);
  }

  /** Drops everything, releasing the chunks. */
  clear(): void {
    this.#chunks.length = 0;
    this.#offset = 0;
    this.#length = 0;
  }

  #skip(n: number): void {
    this.#length -= n;
    let left = n;
    while (left > 0) {
      const available = this.#chunks[0]!.length - this.#offset;
      if (left < available) {
        this.#offset += left;
        return;
      }
      left -= available;
      this.#chunks.shift();
      this.#offset = 0;
    }
  }
}
