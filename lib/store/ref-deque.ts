/**
 * The order of a `Queue` or a `LifoQueue`: a ring of record references in a
 * growable shared buffer. Its capacity is the region's size over 4 bytes, so
 * only the head and the count need control words.
 *
 * @module
 * @internal
 */
import type { SharedRegion } from './shared-region.js';

const HEAD = 0;
const COUNT = 1;

/** @internal */
export class RefDeque {
  /** Control words the deque uses at `at`. */
  static readonly WORDS = 2;

  /**
   * @param region - the shared buffer of references.
   * @param control - the queue's control words.
   * @param at - index of the deque's first control word.
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

  /** Appends `ref` at the back; false, unchanged, if the ring cannot grow. */
  push(ref: number): boolean {
    const count = this.count;
    if (count === this.capacity && !this.grow()) return false;
    const slot = (this.control[this.at + HEAD] + count) & (this.capacity - 1);
    this.region.i32[slot] = ref;
    this.control[this.at + COUNT] = count + 1;
    return true;
  }

  /** Removes and returns the front reference (the deque is not empty). */
  shift(): number {
    const head = this.control[this.at + HEAD];
    this.control[this.at + HEAD] = (head + 1) & (this.capacity - 1);
    this.control[this.at + COUNT]--;
    return this.region.i32[head];
  }

  /** Removes and returns the back reference (the deque is not empty). */
  pop(): number {
    const ref = this.back();
    this.control[this.at + COUNT]--;
    return ref;
  }

  /** The front reference (the deque is not empty). */
  front(): number {
    return this.region.i32[this.control[this.at + HEAD]];
  }

  /** The back reference (the deque is not empty). */
  back(): number {
    return this.region.i32[(this.control[this.at + HEAD] + this.count - 1) & (this.capacity - 1)];
  }

  private get capacity(): number {
    return this.region.size >> 2;
  }

  /** Doubles the ring, moving the part that wrapped past the old end. */
  private grow(): boolean {
    const old = this.capacity;
    if (!this.region.reserve(old * 8)) return false;
    const wrapped = this.control[this.at + HEAD] + this.count - old;
    if (wrapped > 0) this.region.i32.copyWithin(old, 0, wrapped);
    return true;
  }
}
