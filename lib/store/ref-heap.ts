/**
 * The order of a `PriorityQueue`: a binary min-heap of record references in
 * a growable shared buffer, ordered by priority and then by insertion, so
 * that equal priorities come out first in, first out.
 *
 * Entry `e` takes 16 bytes: the priority as a float64 (`f64[2e]`), then an
 * insertion number (`i32[4e + 2]`, compared modulo 2^32) and the reference
 * (`i32[4e + 3]`). Entries are moved as four int32 words, never through a
 * float64 view, so no bit pattern is changed on the way.
 *
 * @module
 * @internal
 */
import type { SharedRegion } from './shared-region.js';

const COUNT = 0;
const SEQ = 1;
/** Bytes per entry. */
export const HEAP_ENTRY_BYTES = 16;

/** @internal */
export class RefHeap {
  /** Control words the heap uses at `at`. */
  static readonly WORDS = 2;

  /**
   * @param region - the shared buffer of entries.
   * @param control - the queue's control words.
   * @param at - index of the heap's first control word.
   */
  constructor(
    private readonly region: SharedRegion,
    private readonly control: Int32Array,
    private readonly at: number,
  ) {}

  /** How many references it holds. */
  get count(): number {
    return this.control[this.at + COUNT];
  }

  /** Adds `ref` with `priority`; false, unchanged, if the heap cannot grow. */
  push(ref: number, priority: number): boolean {
    const count = this.count;
    if ((count + 1) * HEAP_ENTRY_BYTES > this.region.size && !this.region.reserve((count + 1) * HEAP_ENTRY_BYTES)) {
      return false;
    }
    const seq = this.control[this.at + SEQ];
    this.control[this.at + SEQ] = (seq + 1) | 0;
    this.region.f64[count * 2] = priority;
    this.region.i32[count * 4 + 2] = seq;
    this.region.i32[count * 4 + 3] = ref;
    this.control[this.at + COUNT] = count + 1;
    this.siftUp(count);
    return true;
  }

  /** The reference with the lowest priority (the heap is not empty). */
  top(): number {
    return this.region.i32[3];
  }

  /** Removes and returns the reference with the lowest priority. */
  pop(): number {
    const ref = this.top();
    const last = this.count - 1;
    this.control[this.at + COUNT] = last;
    if (last > 0) {
      this.move(last, 0);
      this.siftDown(0, last);
    }
    return ref;
  }

  /** Whether entry `a` comes out before entry `b`. */
  private before(a: number, b: number): boolean {
    const f64 = this.region.f64;
    const pa = f64[a * 2];
    const pb = f64[b * 2];
    if (pa !== pb) return pa < pb;
    const i32 = this.region.i32;
    return ((i32[a * 4 + 2] - i32[b * 4 + 2]) | 0) < 0;
  }

  private siftUp(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.before(at, parent)) return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private siftDown(at: number, count: number): void {
    for (;;) {
      const left = at * 2 + 1;
      if (left >= count) return;
      const right = left + 1;
      const child = right < count && this.before(right, left) ? right : left;
      if (!this.before(child, at)) return;
      this.swap(at, child);
      at = child;
    }
  }

  private move(from: number, to: number): void {
    this.region.i32.copyWithin(to * 4, from * 4, from * 4 + 4);
  }

  private swap(a: number, b: number): void {
    const i32 = this.region.i32;
    for (let k = 0; k < 4; k++) {
      const t = i32[a * 4 + k];
      i32[a * 4 + k] = i32[b * 4 + k];
      i32[b * 4 + k] = t;
    }
  }
}
