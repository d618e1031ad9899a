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

/**
 * `offset` rounded up to a multiple of 8. Items are laid out at such offsets
 * in the buffers they are copied from into the shared store, and in those
 * they are copied into out of it: V8 copies between shared and unshared
 * memory at memory-copy speed only when both ends have the same alignment,
 * and byte by byte otherwise (some five times slower for 1 KiB, measured on
 * Node 20).
 * @internal
 */
export function aligned(offset: number): number {
  return (offset + 7) & ~7;
}

/** A batch's buffer larger than this is not kept for the next call. */
const KEPT_BYTES = 1024 * 1024;

/** The batch this thread's last `putMany` gave back, for the next one to reuse. */
let spare: EncodedBatch | undefined;

/** @internal */
export class EncodedBatch {
  /**
   * An empty batch: the one this thread's last `putMany` gave back, if no
   * call holds it now (its buffer has already grown to fit such items), or
   * a new one.
   */
  static borrow(): EncodedBatch {
    const batch = spare ?? new EncodedBatch();
    spare = undefined;
    batch.clear();
    return batch;
  }

  /** Gives `batch` back once its call has ended, for the next {@link borrow}. */
  static giveBack(batch: EncodedBatch): void {
    if (batch.bytes.length <= KEPT_BYTES) spare = batch;
  }

  /** The encoded items, one after the other. */
  bytes = new Uint8Array(1024);
  /** Where item `i` ends in {@link bytes}; it starts where item `i - 1` ends, {@link aligned} (item 0 at 0). */
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
    const start = this.start(this.count);
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
    return i === 0 ? 0 : aligned(this.ends[i - 1]);
  }
}
