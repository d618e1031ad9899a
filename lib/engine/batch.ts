/**
 * The items of one `putMany` call, encoded before the lock is taken, and how
 * far the call got.
 *
 * @module
 * @internal
 */

/** Items a `putMany` encodes at most before it puts them (then it encodes the next ones). */
export const BATCH_ITEMS = 256;
/**
 * Bytes of items that `putMany` copies at most under one hold of the lock
 * (one item at least): it then releases the lock and takes it again, so that
 * other threads are not kept out for long.
 */
export const BATCH_BYTES = 16 * 1024;

/** @internal */
export class EncodedBatch {
  /** The encoded items, one after the other. */
  bytes = new Uint8Array(1024);
  /** Where item `i` ends in {@link bytes}; it starts where item `i - 1` ends (item 0 at 0). */
  readonly ends: number[] = [];
  /** The priority of each item. */
  readonly priorities: number[] = [];
  /** How many items are encoded. */
  count = 0;
  /** The next item to put. */
  next = 0;

  /** Forgets every item. */
  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  /** Appends a copy of `encoded` (a view the codec may reuse) with `priority`. */
  add(encoded: Uint8Array, priority: number): void {
    const start = this.count === 0 ? 0 : this.ends[this.count - 1];
    const end = start + encoded.length;
    if (end > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(end, this.bytes.length * 2));
      bigger.set(this.bytes.subarray(0, start));
      this.bytes = bigger;
    }
    this.bytes.set(encoded, start);
    this.ends[this.count] = end;
    this.priorities[this.count] = priority;
    this.count++;
  }

  /** Where item `i` starts in {@link bytes}. */
  start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1];
  }
}
