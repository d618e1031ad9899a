/**
 * The shared store of encoded items: variable-size records in a growable
 * shared buffer, allocated first-fit from a free list with boundary tags, so
 * that room freed by `get` is reused and neighbouring free blocks merge.
 *
 * Block at byte offset `b` (a multiple of 8), `size` bytes long:
 * - word `b/4`: `size`, plus 1 while the block is used;
 * - used: word `b/4 + 1` is the record's length, the record starts at `b + 8`;
 * - free: words `b/4 + 1` and `b/4 + 2` link the free list (-1 ends it);
 * - the block's last word repeats `size`, so the block before a freed one
 *   can be found and merged.
 *
 * Free space at the end of the used area is not listed: it is "top", and a
 * block freed next to it gives its bytes back to it.
 *
 * @module
 * @internal
 */
import type { SharedRegion } from './shared-region.js';

/** Marks a used block in its first word. */
const USED = 1;
/** Ends the free list. */
const NIL = -1;
/** Header bytes before a record. */
const HEADER = 8;
/** The smallest block: header, two links, footer. */
const MIN_BLOCK = 16;

/** Control words the arena keeps after its region's size word. */
const TOP = 0;
const FREE_HEAD = 1;
const LIVE = 2;

/**
 * Bytes a block takes to hold a record of `length` bytes: exact for any
 * length, so one of 2 GiB or more is never mistaken for a small one (int32
 * bit operations would wrap it).
 */
export function blockSize(length: number): number {
  return Math.max(MIN_BLOCK, Math.ceil((length + HEADER + 4) / 8) * 8);
}

/** @internal */
export class Arena {
  /** Control words the arena uses at `at` (after its region's size word). */
  static readonly WORDS = 3;

  /**
   * @param region - the shared buffer of records.
   * @param control - the queue's control words.
   * @param at - index of the arena's first control word.
   */
  constructor(
    readonly region: SharedRegion,
    private readonly control: Int32Array,
    private readonly at: number,
  ) {}

  /** Prepares a fresh arena (all control words zero before). */
  format(): void {
    this.control[this.at + FREE_HEAD] = NIL;
  }

  /** Bytes held by used blocks. */
  get liveBytes(): number {
    return this.control[this.at + LIVE];
  }

  /** Whether a record of `length` bytes could fit once the store is empty. */
  canEverHold(length: number): boolean {
    return blockSize(length) <= this.region.maxSize;
  }

  /**
   * Stores a copy of the `length` bytes of `bytes` from `from` (by default,
   * all of `bytes`); returns the record's reference, or -1 when the store
   * cannot make room (it has reached its maximum size).
   * @throws RangeError, with the arena unchanged, if the record can never
   * fit (see {@link canEverHold}) or the range is not within `bytes`.
   */
  store(bytes: Uint8Array, from: number = 0, length: number = bytes.length - from): number {
    const need = blockSize(length);
    if (need > this.region.maxSize) {
      throw new RangeError(
        `a record of ${length} bytes can never fit the store (${this.region.maxSize} bytes at most)`,
      );
    }
    if (from < 0 || length < 0 || from + length > bytes.length) {
      throw new RangeError(`the record's range (${length} bytes from ${from}) is not within its ${bytes.length} bytes`);
    }
    const ref = this.allocate(need);
    if (ref === NIL) return NIL;
    const i32 = this.region.i32;
    i32[(ref >> 2) + 1] = length;
    const u8 = this.region.u8;
    const start = ref + HEADER;
    if (length <= 32) {
      for (let i = 0; i < length; i++) u8[start + i] = bytes[from + i];
    } else {
      u8.set(from === 0 && length === bytes.length ? bytes : bytes.subarray(from, from + length), start);
    }
    return ref;
  }

  /** The length of the record `ref`. */
  lengthOf(ref: number): number {
    return this.region.i32[(ref >> 2) + 1];
  }

  /** Copies the record `ref` into `target` at `at` (room for {@link lengthOf} bytes there). */
  copyOut(ref: number, target: Uint8Array, at: number = 0): void {
    const length = this.region.i32[(ref >> 2) + 1];
    const u8 = this.region.u8;
    const start = ref + HEADER;
    if (length <= 32) {
      for (let i = 0; i < length; i++) target[at + i] = u8[start + i];
    } else {
      target.set(u8.subarray(start, start + length), at);
    }
  }

  /** Frees the record `ref`, merging it with free neighbours. */
  free(ref: number): void {
    const i32 = this.region.i32;
    let block = ref;
    let size = i32[block >> 2] & ~USED;
    this.control[this.at + LIVE] -= size;
    const top = this.control[this.at + TOP];
    const next = block + size;
    if (next < top && (i32[next >> 2] & USED) === 0) {
      this.unlink(next);
      size += i32[next >> 2];
    }
    if (block > 0) {
      const prevSize = i32[(block >> 2) - 1];
      const prev = block - prevSize;
      if ((i32[prev >> 2] & USED) === 0) {
        this.unlink(prev);
        block = prev;
        size += prevSize;
      }
    }
    if (block + size === top) {
      this.control[this.at + TOP] = block;
      return;
    }
    this.tag(block, size, 0);
    this.link(block);
  }

  private allocate(need: number): number {
    const i32 = this.region.i32;
    for (let block = this.control[this.at + FREE_HEAD]; block !== NIL; block = i32[(block >> 2) + 1]) {
      const size = i32[block >> 2];
      if (size < need) continue;
      if (size - need >= MIN_BLOCK) {
        // Keep the front free, in place in the list; hand out the tail.
        this.tag(block, size - need, 0);
        return this.use(block + size - need, need);
      }
      this.unlink(block);
      return this.use(block, size);
    }
    const top = this.control[this.at + TOP];
    if (!this.region.reserve(top + need)) return NIL;
    this.control[this.at + TOP] = top + need;
    return this.use(top, need);
  }

  private use(block: number, size: number): number {
    this.tag(block, size, USED);
    this.control[this.at + LIVE] += size;
    return block;
  }

  /** Writes a block's size into its first and last words. */
  private tag(block: number, size: number, used: number): void {
    const i32 = this.region.i32;
    i32[block >> 2] = size | used;
    i32[((block + size) >> 2) - 1] = size;
  }

  private link(block: number): void {
    const i32 = this.region.i32;
    const head = this.control[this.at + FREE_HEAD];
    i32[(block >> 2) + 1] = head;
    i32[(block >> 2) + 2] = NIL;
    if (head !== NIL) i32[(head >> 2) + 2] = block;
    this.control[this.at + FREE_HEAD] = block;
  }

  private unlink(block: number): void {
    const i32 = this.region.i32;
    const next = i32[(block >> 2) + 1];
    const prev = i32[(block >> 2) + 2];
    if (prev === NIL) this.control[this.at + FREE_HEAD] = next;
    else i32[(prev >> 2) + 1] = next;
    if (next !== NIL) i32[(next >> 2) + 2] = prev;
  }
}
