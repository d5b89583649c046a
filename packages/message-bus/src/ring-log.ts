/**
 * A log of at most `capacity` entries numbered by a sequence starting at 1; appending past the
 * capacity forgets the oldest entry, as a stream with a message limit does.
 */
export class RingLog<T> {
  private readonly slots: (T | undefined)[];
  private first = 1;
  private next = 1;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer: ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
  }

  /** The sequence of the oldest entry still held (equals `nextSequence` when empty). */
  get firstSequence(): number {
    return this.first;
  }

  get nextSequence(): number {
    return this.next;
  }

  get size(): number {
    return this.next - this.first;
  }

  append(entry: T): number {
    const sequence = this.next++;
    this.slots[sequence % this.capacity] = entry;
    if (this.size > this.capacity) this.first++;
    return sequence;
  }

  /** The entry at `sequence`, or undefined when it was forgotten or not written yet. */
  at(sequence: number): T | undefined {
    if (sequence < this.first || sequence >= this.next) return undefined;
    return this.slots[sequence % this.capacity];
  }
}
